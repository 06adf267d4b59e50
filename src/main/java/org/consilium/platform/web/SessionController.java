package org.consilium.platform.web;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * "Stay signed in": the smallest authenticated request there is. Reaching it is what keeps the session alive; an
 * ended session gets the sign-in redirect instead, which the page takes as the end.
 */
@Controller
class SessionController {

    @GetMapping("/session/keep-alive")
    ResponseEntity<Void> keepAlive() {
        return ResponseEntity.noContent().build();
    }
}
