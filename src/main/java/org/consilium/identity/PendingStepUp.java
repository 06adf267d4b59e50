package org.consilium.identity;

import java.io.Serializable;

/**
 * A guarded action the browser was refused because its holder's authentication was too old: kept in the session for
 * the prompt that asks them to prove again who they are, which says what for and returns to it.
 *
 * @param action what was refused, in words for a person ("Signing the opinion")
 * @param returnTo the page of the action, a path inside the app, worked out by the server
 */
public record PendingStepUp(String action, String returnTo) implements Serializable {

    public static final String ATTRIBUTE = PendingStepUp.class.getName();

    /** The action's words within a sentence ("Now go on with signing the opinion"). */
    public String actionInSentence() {
        return StepUp.inSentence(action);
    }

    public PendingStepUp {
        if (!returnTo.startsWith("/") || returnTo.startsWith("//") || returnTo.startsWith("/\\")) {
            throw new IllegalArgumentException("not a path inside the app: " + returnTo);
        }
    }
}
