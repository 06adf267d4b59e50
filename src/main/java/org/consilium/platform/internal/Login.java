package org.consilium.platform.internal;

import org.jspecify.annotations.Nullable;

/** A database role and its password; its text form never shows the password, so it can be logged. */
record Login(@Nullable String user, @Nullable String password) {

    @Override
    public String toString() {
        return "Login[user=" + user + "]";
    }
}
