package org.consilium.review.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.consilium.identity.AccessScope;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseView;
import org.consilium.intake.Question;
import org.consilium.platform.Autosave;
import org.consilium.platform.PendingForms;
import org.consilium.platform.PublicBaseUrl;
import org.consilium.shared.FormErrors;
import org.consilium.review.DiagnosisAssessment;
import org.consilium.review.Opinion;
import org.consilium.review.OpinionDraft;
import org.consilium.review.PlanRecommendation;
import org.consilium.review.ReviewManagement;
import org.consilium.shared.CaseId;
import org.consilium.shared.DomainException;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.VersionConflictException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The specialist's opinion form, and the signed opinion. */
@Controller
class OpinionWebController {

    private final ReviewManagement review;
    private final CaseManagement cases;
    private final PendingForms pendingForms;
    private final PublicBaseUrl publicBaseUrl;
    private final Clock clock;

    OpinionWebController(ReviewManagement review, CaseManagement cases, PendingForms pendingForms,
            PublicBaseUrl publicBaseUrl, Clock clock) {
        this.review = review;
        this.cases = cases;
        this.pendingForms = pendingForms;
        this.publicBaseUrl = publicBaseUrl;
        this.clock = clock;
    }

    @GetMapping("/cases/{id}/opinion/edit")
    String edit(AccessScope scope, @PathVariable String id, HttpServletRequest request, Model model) {
        CaseId caseId = CaseId.parse(id);
        Optional<Opinion> opinion = review.draftToEdit(scope, caseId);
        model.addAttribute("draft", opinion.map(OpinionWebController::draftOf).orElse(null));
        model.addAttribute("version", opinion.map(Opinion::version).orElse(0L));
        // What the specialist typed before their session ended comes back once; nothing is saved until they save.
        pendingForms.take(request, scope.actor().id()).ifPresent(typed -> {
            model.addAttribute("draft", typedDraft(typed, review.questions(scope, caseId)));
            PendingForms.versionIn(typed).ifPresent(version -> model.addAttribute("version", version));
            model.addAttribute("restored", true);
            model.addAttribute("notice", PendingForms.RESTORED);
        });
        return form(scope, caseId, model);
    }

    /** The form's values as they were typed, for the form to show again. */
    private static DraftView typedDraft(Map<String, String> form, List<Question> questions) {
        Map<String, String> byQuestion = new java.util.HashMap<>();
        questions.forEach(q -> byQuestion.put(q.id().toString(), form.getOrDefault("answer-" + q.id(), "")));
        return new DraftView(form.get("diagnosisAssessment"), form.get("revisedDiagnosis"),
                form.get("planRecommendation"), form.get("recommendedPlan"), byQuestion,
                form.getOrDefault("furtherTests", ""), form.get("patientSummary"));
    }

    /** The form's values as the browser posts them: every field, an answer per question, tests one per line. */
    private static OpinionDraft draftFrom(Map<String, String> form, List<Question> questions) {
        List<OpinionDraft.RawAnswer> answers = new ArrayList<>();
        for (Question q : questions) {
            answers.add(new OpinionDraft.RawAnswer(q.id().toString(), form.get("answer-" + q.id())));
        }
        String tests = form.getOrDefault("furtherTests", "");
        return new OpinionDraft(form.get("diagnosisAssessment"), form.get("revisedDiagnosis"),
                form.get("planRecommendation"), form.get("recommendedPlan"), answers,
                Arrays.stream(tests.split("\\R")).toList(), form.get("patientSummary"));
    }

    /**
     * The form's autosave (an htmx request a few seconds after typing stops, and when a field loses focus): a quiet
     * "saved at" and the next version, or why nothing was saved. A stale version never overwrites; the text stays in
     * the form.
     */
    private String autosave(AccessScope scope, CaseId caseId, Map<String, String> form, @Nullable Long version,
            Model model, HttpServletResponse response) {
        try {
            OpinionDraft draft = draftFrom(form, review.questions(scope, caseId));
            Opinion saved = review.saveDraft(scope, caseId, draft, version == null || version == 0 ? null : version);
            return Autosave.saved(model, clock.instant(), saved.version());
        } catch (DomainException e) {
            return Autosave.refused(model, response, e);
        }
    }

    /** The opinion form, for the specialist whose right to write it was checked. */
    private String form(AccessScope scope, CaseId caseId, Model model) {
        var c = review.caseUnderReview(scope, caseId);
        model.addAttribute("caseId", caseId);
        model.addAttribute("reference", c.reference());
        model.addAttribute("diagnosis", c.details().diagnosis());
        model.addAttribute("questions", c.questions());
        model.addAttribute("assessments", DiagnosisAssessment.values());
        model.addAttribute("plans", PlanRecommendation.values());
        return "review/edit";
    }

    /** The form's values, keyed as the template reads them. */
    record DraftView(@Nullable String diagnosisAssessment, @Nullable String revisedDiagnosis,
            @Nullable String planRecommendation, @Nullable String recommendedPlan, Map<String, String> answers,
            String furtherTests, @Nullable String patientSummary) {
    }

    private static DraftView draftOf(Opinion o) {
        var c = o.content();
        Map<String, String> answers = new java.util.HashMap<>();
        c.answers().forEach((q, text) -> answers.put(q.toString(), text));
        return new DraftView(c.diagnosisAssessment() == null ? null : c.diagnosisAssessment().name(),
                c.revisedDiagnosis(), c.planRecommendation() == null ? null : c.planRecommendation().name(),
                c.recommendedPlan(), answers, String.join("\n", c.furtherTests()), c.patientSummary());
    }

    @PostMapping("/cases/{id}/opinion")
    String save(AccessScope scope, @PathVariable String id, @RequestParam Map<String, String> form,
            @RequestParam(required = false) @Nullable Long version,
            @RequestParam(required = false) @Nullable String action,
            @RequestHeader(name = "HX-Request", required = false, defaultValue = "false") boolean autosave,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        CaseId caseId = CaseId.parse(id);
        if (autosave) {
            return autosave(scope, caseId, form, version, model, response);
        }
        // Anyone but the reviewer, or outside review, gets the refusal page; only problems with the text return here.
        Optional<Opinion> current = review.draftToEdit(scope, caseId);
        List<Question> questions = review.questions(scope, caseId);
        OpinionDraft draft = draftFrom(form, questions);
        try {
            review.saveDraft(scope, caseId, draft, version == null || version == 0 ? null : version);
            if ("sign".equals(action)) {
                if (!"true".equals(form.get("confirm"))) {
                    throw new InvalidInputException("confirm", "tick the box to confirm that signing is final");
                }
                review.sign(scope, caseId);
                redirect.addFlashAttribute("notice", "The opinion is signed and delivered to the patient.");
                redirect.addFlashAttribute("savedForm", "opinion-" + caseId);
                return "redirect:/cases/" + caseId + "/opinion";
            }
            redirect.addFlashAttribute("notice", "Draft saved.");
            redirect.addFlashAttribute("savedForm", "opinion-" + caseId);
            return "redirect:/cases/" + caseId + "/opinion/edit";
        } catch (VersionConflictException e) {
            model.addAttribute("error", "The draft was changed in another window. Your text is below; the saved "
                    + "version has been loaded, so copy what you need and save again.");
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, field -> inputOf(field, questions)));
        } catch (DomainException e) {
            if (e instanceof NotFoundException) {
                throw e;
            }
            model.addAttribute("error", org.consilium.platform.PageActions.message(e));
        }
        model.addAttribute("draft", typedDraft(form, questions));
        model.addAttribute("version", review.draftToEdit(scope, caseId).map(Opinion::version)
                .orElse(current.map(Opinion::version).orElse(0L)));
        return form(scope, caseId, model);
    }

    /**
     * The signed opinion, read with the case in one transaction (one audited read). It names the patient as the caller
     * may know them and carries the full verification address, so that a printed copy stands on its own.
     */
    /** An answer as the request names it ({@code answers[1].text}): answers come in the order of the questions. */
    private static final Pattern ANSWER = Pattern.compile("answers\\[(\\d+)].*");

    /** The id of the form's input for a field of the draft: a radio group by its first choice, an answer by question. */
    static String inputOf(String field, List<Question> questions) {
        Matcher answer = ANSWER.matcher(field);
        if (answer.matches()) {
            int index = Integer.parseInt(answer.group(1));
            return index < questions.size() ? "answer-" + questions.get(index).id() : "answers";
        }
        if (field.startsWith("furtherTests")) {
            return "furtherTests";
        }
        return switch (field) {
            case "diagnosisAssessment" -> "assessment-" + DiagnosisAssessment.values()[0].name();
            case "planRecommendation" -> "plan-" + PlanRecommendation.values()[0].name();
            default -> field;
        };
    }

    @GetMapping("/cases/{id}/opinion")
    String show(AccessScope scope, @PathVariable String id, Model model) {
        CaseId caseId = CaseId.parse(id);
        model.addAllAttributes(cases.inOneRead(() -> {
            CaseView c = cases.find(scope, caseId);
            Opinion opinion = review.opinion(scope, c)
                    .filter(o -> o.signature().isPresent())
                    .orElseThrow(() -> new NotFoundException("there is no signed opinion on this case yet"));
            String code = opinion.signature().orElseThrow().verificationCode();
            Map<String, Object> page = new java.util.HashMap<>();
            page.put("caseId", caseId);
            page.put("reference", c.reference());
            page.put("patientName", c.patientName().orElse(null));
            page.put("opinion", opinion);
            page.put("questions", c.questions());
            // Printed, the page says in full where to check it: from the configured address, never the Host header.
            page.put("verificationUrl", publicBaseUrl.resolve("/verify/" + code));
            return page;
        }));
        return "review/opinion";
    }
}
