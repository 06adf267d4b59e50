package org.consilium.shared;

/**
 * A browser form a person can go back to after signing in again when their session ended before they sent it, or
 * after confirming who they are when it asked for a guarded action (step-up): posted
 * to {@code postedTo}, shown at {@code shownAt} (path patterns with the same variables, e.g. {@code /cases/{id}/edit}).
 * With {@code keepsText}, what they typed is kept for the form to show again (PendingForms, in platform); without, they
 * only come back to the page. With {@code keepsTextOnStepUp}, it is kept too when the form's action asked them to
 * confirm who they are first (its page takes it back). Modules declare theirs as beans.
 */
public record ResumableForm(String postedTo, String shownAt, boolean keepsText, boolean keepsTextOnStepUp) {

    /**
     * A form whose text, if kept, is kept only after a session ended: one that saves what was typed before its
     * guarded step, or has none.
     */
    public ResumableForm(String postedTo, String shownAt, boolean keepsText) {
        this(postedTo, shownAt, keepsText, false);
    }
}
