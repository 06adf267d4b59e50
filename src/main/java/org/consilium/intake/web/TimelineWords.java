package org.consilium.intake.web;

import java.util.Locale;

/**
 * What each step of a case's timeline means, in the words of the person waiting for the opinion. The one mapping from
 * the stored event type ({@link org.consilium.intake.CaseEvent#type()}, a stable string) to words; the API keeps the
 * type itself.
 */
final class TimelineWords {

    private TimelineWords() {
    }

    static String of(String eventType) {
        return switch (eventType) {
            case "CaseOpened" -> "The case was opened as a draft";
            case "CaseSubmitted" -> "The case was sent to our coordinators";
            case "CaseTriaged" -> "A coordinator accepted the case and is gathering the records";
            case "CaseDeclined" -> "A coordinator declined the case";
            case "RecordsCompleted" -> "The records are complete; we are finding a specialist";
            case "CaseOffered" -> "The case was offered to a specialist";
            case "CaseAccepted" -> "A specialist accepted the case and is reviewing it";
            case "OfferDeclined" -> "A specialist declined the request; we are finding another";
            case "OpinionDelivered" -> "The specialist's signed opinion is ready";
            case "CaseWithdrawn" -> "The case was withdrawn";
            case "CaseClosed" -> "The case was closed";
            case "DraftEdited" -> "The draft was edited";
            case "DraftDiscarded" -> "The draft was discarded";
            case "SpecialtyChanged" -> "A coordinator chose the specialty for the case";
            default -> spaced(eventType);
        };
    }

    /** A type without words of its own yet reads as its name, spaced: "RecordsCompleted" reads "Records completed". */
    static String spaced(String eventType) {
        String spaced = eventType.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return spaced.isEmpty() ? spaced : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
