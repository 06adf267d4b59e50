package org.consilium.identity.web;

import org.consilium.identity.Passkeys;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The challenge for a browser sign-in by passkey, without a password; the sign-in itself is a filter beside form login
 * ({@code /login/passkey}). Adding and removing passkeys is on the account page.
 */
@Controller
class PasskeyWebController {

    private final Passkeys passkeys;

    PasskeyWebController(Passkeys passkeys) {
        this.passkeys = passkeys;
    }

    /** Options any passkey of this site may answer: the device offers its holder's own. */
    @PostMapping(value = "/login/passkey/options", produces = "application/json")
    @ResponseBody
    ResponseEntity<String> signInOptions() {
        return options(passkeys.authenticationOptions(Passkeys.Purpose.SIGN_IN, null));
    }

    /** A ceremony's options as every passkey endpoint answers them: JSON, never cached (a challenge works once). */
    static ResponseEntity<String> options(String json) {
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(json);
    }
}
