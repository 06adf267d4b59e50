package org.consilium.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.consilium.shared.ResumableForm;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriTemplate;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What a person typed into a form they sent after their session had ended. The post is never carried out: its fields
 * are kept in the new, anonymous session (in memory, never on disk, never logged), for a few minutes, and after the
 * person signs in again the form's page shows them once, to check and send again. Only the account the form was shown
 * to gets them back ({@code _for}, a hidden field of such forms).
 */
@Component
public class PendingForms {

    /** The hidden field naming the account a form was shown to. */
    public static final String OWNER_FIELD = "_for";
    /** What a form says when it shows typed text again. */
    public static final String RESTORED = "You were signed out before this form was saved. What you typed is back "
            + "below: check it, then save.";
    /** How long typed text waits for its author to sign in again. */
    static final Duration KEPT_FOR = Duration.ofMinutes(15);

    private static final String ATTRIBUTE = PendingForms.class.getName();
    private static final List<String> NOT_KEPT = List.of("_csrf", OWNER_FIELD);

    private final List<Resumable> forms;
    private final Clock clock;

    PendingForms(List<ResumableForm> forms, Clock clock) {
        this.forms = forms.stream()
                .map(form -> new Resumable(PathPatternParser.defaultInstance.parse(form.postedTo()), form))
                .sorted(Comparator.comparing(Resumable::posted, PathPattern.SPECIFICITY_COMPARATOR))
                .toList();
        this.clock = clock;
    }

    private record Resumable(PathPattern posted, ResumableForm form) {
    }

    /**
     * A form's text waiting for its author. Deliberately not {@code Serializable}: a session holding it is never
     * written to disk.
     */
    private record Pending(String shownAt, @Nullable String owner, Map<String, String> fields, Instant keptAt)
            implements java.io.Serializable {
    }

    /**
     * Keeps a form posted after its session ended: the page to return to and, for a form that keeps text, what was
     * typed, in a new session. Answers whether there was a page to return to.
     */
    public boolean keep(HttpServletRequest request) {
        Optional<Shown> shown = shownAt(request);
        if (shown.isEmpty()) {
            return false;
        }
        ResumableForm form = shown.get().form();
        Map<String, String> fields = new LinkedHashMap<>();
        if (form.keepsText()) {
            request.getParameterMap().forEach((name, values) -> {
                if (!NOT_KEPT.contains(name) && values.length > 0) {
                    // A field sent several times (ticked boxes) keeps every value, one a line.
                    fields.put(name, String.join("\n", values));
                }
            });
        }
        request.getSession(true).setAttribute(ATTRIBUTE, new Pending(shown.get().page(),
                request.getParameter(OWNER_FIELD), Map.copyOf(fields), clock.instant()));
        return true;
    }

    /**
     * Keeps what was typed into a form whose action asked its author to confirm who they are first, for a form that
     * keeps its text then ({@link ResumableForm#keepsTextOnStepUp()}); its page takes it back. Answers whether it did.
     */
    public boolean keepBeforeStepUp(HttpServletRequest request) {
        return shownAt(request).filter(shown -> shown.form().keepsTextOnStepUp()).isPresent() && keep(request);
    }

    private record Shown(ResumableForm form, String page) {
    }

    /** The page that shows the form this request posts, when it is a form modules declared. */
    public Optional<String> pageOf(HttpServletRequest request) {
        return shownAt(request).map(Shown::page);
    }

    private Optional<Shown> shownAt(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        PathContainer posted = PathContainer.parsePath(path);
        for (Resumable resumable : forms) {
            PathPattern.PathMatchInfo match = resumable.posted().matchAndExtract(posted);
            if (match != null) {
                ResumableForm form = resumable.form();
                return Optional.of(new Shown(form,
                        new UriTemplate(form.shownAt()).expand(match.getUriVariables()).toString()));
            }
        }
        return Optional.empty();
    }

    /**
     * Where the account goes after signing in again: the page of the form it sent after its session ended. A form
     * shown to another account is forgotten here, unseen.
     */
    public Optional<String> returnPage(HttpServletRequest request, UserId account) {
        return pending(request).filter(p -> {
            boolean theirs = p.owner() == null || p.owner().equals(account.toString());
            if (!theirs) {
                forget(request);
            }
            return theirs;
        }).map(Pending::shownAt);
    }

    /**
     * The text typed into the form shown at this request's page, for the account it was shown to: handed out once,
     * then forgotten. Empty for anyone else, for another page, and after {@link #KEPT_FOR}.
     */
    public Optional<Map<String, String>> take(HttpServletRequest request, UserId account) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<Pending> pending = pending(request).filter(p -> p.shownAt().equals(path));
        pending.ifPresent(p -> forget(request));
        return pending.filter(p -> account.toString().equals(p.owner()) && !p.fields().isEmpty())
                .map(Pending::fields);
    }

    /**
     * The version of the draft the person was editing, from the typed fields: if the draft changed since, saving says
     * so instead of overwriting.
     */
    public static OptionalLong versionIn(Map<String, String> typed) {
        String version = typed.get("version");
        return version != null && version.matches("\\d{1,18}") ? OptionalLong.of(Long.parseLong(version))
                : OptionalLong.empty();
    }

    private Optional<Pending> pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof Pending pending)) {
            return Optional.empty();
        }
        if (pending.keptAt().plus(KEPT_FOR).isBefore(clock.instant())) {
            session.removeAttribute(ATTRIBUTE);
            return Optional.empty();
        }
        return Optional.of(pending);
    }

    private static void forget(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(ATTRIBUTE);
        }
    }
}
