package org.consilium.review.web;

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
import org.consilium.shared.FormErrors;
import org.consilium.platform.PublicUrls;
import org.consilium.review.DiagnosisAssessment;
import org.consilium.review.Opinion;
import org.consilium.review.OpinionDraft;
import org.consilium.review.PlanRecommendation;
import org.consilium.review.ReviewManagement;
import org.consilium.shared.CaseId;
import org.consilium.shared.DomainException;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The specialist's opinion form, and the signed opinion. */
@Controller
class OpinionWebController {

    private final ReviewManagement review;
    private final CaseManagement cases;
    private final PublicUrls urls;

    OpinionWebController(ReviewManagement review, CaseManagement cases, PublicUrls urls) {
        this.review = review;
        this.cases = cases;
        this.urls = urls;
    }

    @GetMapping("/cases/{id}/opinion/edit")
    String edit(AccessScope scope, @PathVariable String id, Model model) {
        CaseId caseId = CaseId.parse(id);
        Optional<Opinion> opinion = review.draftToEdit(scope, caseId);
        model.addAttribute("draft", opinion.map(OpinionWebController::draftOf).orElse(null));
        model.addAttribute("version", opinion.map(Opinion::version).orElse(0L));
        return form(scope, caseId, model);
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
            @RequestParam(required = false) @Nullable String action, Model model, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        // Anyone but the reviewer, or outside review, gets the refusal page; only problems with the text return here.
        Optional<Opinion> current = review.draftToEdit(scope, caseId);
        List<Question> questions = review.questions(scope, caseId);
        List<OpinionDraft.RawAnswer> answers = new ArrayList<>();
        for (Question q : questions) {
            answers.add(new OpinionDraft.RawAnswer(q.id().toString(), form.get("answer-" + q.id())));
        }
        String tests = form.getOrDefault("furtherTests", "");
        OpinionDraft draft = new OpinionDraft(form.get("diagnosisAssessment"), form.get("revisedDiagnosis"),
                form.get("planRecommendation"), form.get("recommendedPlan"), answers,
                Arrays.stream(tests.split("\\R")).toList(), form.get("patientSummary"));
        try {
            review.saveDraft(scope, caseId, draft, version == null || version == 0 ? null : version);
            if ("sign".equals(action)) {
                if (!"true".equals(form.get("confirm"))) {
                    throw new InvalidInputException("confirm", "tick the box to confirm that signing is final");
                }
                review.sign(scope, caseId);
                redirect.addFlashAttribute("notice", "The opinion is signed and delivered to the patient.");
                return "redirect:/cases/" + caseId + "/opinion";
            }
            redirect.addFlashAttribute("notice", "Draft saved.");
            return "redirect:/cases/" + caseId + "/opinion/edit";
        } catch (ReviewManagement.VersionMismatchException | ReviewManagement.PreconditionRequiredException e) {
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
        Map<String, String> byQuestion = new java.util.HashMap<>();
        answers.forEach(a -> byQuestion.put(a.questionId(), a.text() == null ? "" : a.text()));
        model.addAttribute("draft", new DraftView(form.get("diagnosisAssessment"), form.get("revisedDiagnosis"),
                form.get("planRecommendation"), form.get("recommendedPlan"), byQuestion, tests,
                form.get("patientSummary")));
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
            page.put("verificationUrl", urls.of("/verify/" + code));
            return page;
        }));
        return "review/opinion";
    }
}
