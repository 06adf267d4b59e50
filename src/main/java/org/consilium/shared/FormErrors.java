package org.consilium.shared;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A form's problems as a page shows them: each message at the input it concerns (the template marks that input
 * {@code aria-invalid} and points its {@code aria-describedby} at the message), and all of them in a summary at the top
 * that links to the inputs. The messages are the domain's own, in words; a form only says which of its inputs holds
 * which field. Serializable, because a refused form post carries it across its redirect in the session. A value in
 * {@code shared}, next to {@link Check}, so that every module's pages can use it (identity's too, which platform
 * depends on).
 */
public final class FormErrors implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The model attribute the layout reads; pages and {@code PageActions} put a form's errors under this name. */
    public static final String ATTRIBUTE = "formErrors";

    /** One line of the summary: the message and the id of the input it links to, or null when it concerns none. */
    public record Item(String message, @Nullable String input) implements Serializable {
    }

    private final List<Item> items;

    private FormErrors(List<Item> items) {
        this.items = List.copyOf(items);
    }

    /**
     * The violations of a refused form, each at the input {@code inputOf} names for its field (the API's field name, as
     * in {@code questions[2].text}); a field the form has no input for is in the summary only.
     */
    public static FormErrors of(InvalidInputException refused, Function<String, @Nullable String> inputOf) {
        List<Item> items = new ArrayList<>();
        for (InvalidInputException.Violation v : refused.violations()) {
            items.add(new Item(sentence(v.message()), inputOf.apply(v.field())));
        }
        return new FormErrors(items);
    }

    /** One message about several inputs at once, such as a sign-in whose email or password is wrong. */
    public static FormErrors about(String message, String... inputs) {
        List<Item> items = new ArrayList<>();
        for (String input : inputs) {
            items.add(new Item(message, input));
        }
        return new FormErrors(items);
    }

    /** Capitalised, with a full stop: how a reason or a violation reads as a message on a page. */
    public static String sentence(String reason) {
        if (reason.isEmpty()) {
            return reason;
        }
        String text = Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }

    public boolean any() {
        return !items.isEmpty();
    }

    /** The summary's lines: each message once, linked to the first input it concerns. */
    public List<Item> summary() {
        Map<String, Item> once = new LinkedHashMap<>();
        items.forEach(item -> once.putIfAbsent(item.message(), item));
        return List.copyOf(once.values());
    }

    /** Whether the input has a problem. */
    public boolean at(String input) {
        return items.stream().anyMatch(item -> input.equals(item.input()));
    }

    /**
     * Whether the input's message is shown at this input: it has a problem, and no input before it shares the same
     * message (a message about several inputs is shown once, at the first, and describes them all).
     */
    public boolean shownAt(String input) {
        return at(input) && messageId(input).equals(ownId(input));
    }

    /** What is wrong with the input, in sentences; null when nothing is. */
    public @Nullable String message(String input) {
        List<String> messages = items.stream().filter(item -> input.equals(item.input())).map(Item::message)
                .distinct().toList();
        return messages.isEmpty() ? null : String.join(" ", messages);
    }

    /** The id of the element that says what is wrong with the input (at the first input with the same message). */
    public String messageId(String input) {
        String message = message(input);
        return items.stream()
                .filter(item -> item.input() != null && Objects.equals(message(item.input()), message))
                .map(item -> ownId(item.input()))
                .findFirst()
                .orElse(ownId(input));
    }

    private static String ownId(String input) {
        return input.replaceAll("[^A-Za-z0-9_-]", "-") + "-error";
    }

    @Override
    public String toString() {
        return "FormErrors" + items;
    }
}
