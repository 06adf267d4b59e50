package org.consilium.identity;

import java.io.ByteArrayOutputStream;
import java.time.Instant;

/** What an authenticator app does with the key it was given, for tests that set one up as a person would. */
public final class AuthenticatorApp {

    private final byte[] secret;

    /** @param key the key as the set-up page shows it (base32, in groups of four) */
    public AuthenticatorApp(String key) {
        this.secret = decodeKey(key);
    }

    /** The code it shows for the step {@code offset} steps after now (0: now). */
    public String code(int offset) {
        return Totp.code(secret, Totp.step(Instant.now()) + offset, Totp.DIGITS, "HmacSHA1");
    }

    /** RFC 4648 base32, as an authenticator app reads the key; spaces are ignored. */
    static byte[] decodeKey(String key) {
        String base32 = key.replace(" ", "");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : base32.toCharArray()) {
            buffer = buffer << 5 | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write(buffer >> bits - 8 & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
