package org.consilium.shared;

/**
 * Seals small secrets the service must read back (a second factor's shared key) under a key held outside the database:
 * a copy of the database holds them only sealed. Each is bound to its context (what it is, and whose), so a sealed
 * value moved to another row does not open.
 */
public interface SecretSeal {

    byte[] seal(byte[] secret, String context);

    /**
     * @throws IllegalStateException when the value was not sealed under this key and context
     */
    byte[] open(byte[] sealed, String context);
}
