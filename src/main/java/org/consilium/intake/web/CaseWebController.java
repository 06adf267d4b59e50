package org.consilium.intake.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.consilium.identity.AccessScope;
import org.consilium.intake.AllowedActions;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CasePagePanel;
import org.consilium.intake.CaseView;
import org.consilium.intake.CasePage;
import org.consilium.intake.CaseStatus;
import org.consilium.intake.CaseSummary;
import org.consilium.intake.CaseTransition;
import org.consilium.intake.QuestionKind;
import org.consilium.intake.SecondOpinionCase;
import org.consilium.intake.Urgency;
import org.consilium.shared.FormErrors;
import org.consilium.platform.PageActions;
import org.consilium.shared.CaseId;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.Specialty;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The case pages: each role's list, opening a case, and the case page with its lifecycle actions. */
@Controller
class CaseWebController {

    private final CaseManagement cases;
    private final AllowedActions allowedActions;
    private final List<CasePagePanel> panels;

    CaseWebController(CaseManagement cases, AllowedActions allowedActions, List<CasePagePanel> panels) {
        this.cases = cases;
        this.allowedActions = allowedActions;
        this.panels = List.copyOf(panels);
    }

    @ModelAttribute
    void choices(Model model) {
        model.addAttribute("specialties", Specialty.values());
        model.addAttribute("urgencies", Urgency.values());
        model.addAttribute("questionKinds", QuestionKind.values());
        model.addAttribute("relationships", org.consilium.intake.Relationship.values());
        model.addAttribute("maxQuestions", SecondOpinionCase.MAX_QUESTIONS);
    }

    /**
     * A titled group of cases on the list page, with what to say when it is empty; {@code ownCases} when the reader is
     * the patient (or the proxy) who opened them.
     */
    record Section(String title, String empty, List<CaseSummary> cases, boolean ownCases) {

        /** Whom a case opened for someone else is for, as the reader says it; null when the row does not tell. */
        public @Nullable String forWhom(CaseSummary c) {
            CaseSummary.Patient patient = c.patient();
            if (patient == null) {
                return null;
            }
            return ownCases ? "For " + patient.name() + ", " + patient.relationship().patientToYou()
                    : "For " + patient.name() + "; opened by their "
                            + patient.relationship().label().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @GetMapping("/cases")
    String list(AccessScope scope, @RequestParam(required = false) @Nullable String cursor, Model model) {
        CasePage page = cases.list(scope, CasePage.Cursor.decode(cursor), CasePage.MAX_LIMIT);
        List<CaseSummary> visible = page.items();
        model.addAttribute("nextCursor", page.nextCursor());
        Map<String, Section> sections = new LinkedHashMap<>();
        switch (scope.actor().role()) {
            case PATIENT -> sections.put("Your cases", new Section("Your cases",
                    "You have no cases yet. Open one to ask a specialist for a second opinion.", visible, true));
            case COORDINATOR -> {
                section(sections, "Triage pool", "No submitted case is waiting for triage.", visible,
                        c -> c.status() == CaseStatus.SUBMITTED);
                section(sections, "Collecting records", "No case is collecting records.", visible,
                        c -> c.status() == CaseStatus.COLLECTING_RECORDS);
                section(sections, "Ready for matching", "No case is waiting for a specialist.", visible,
                        c -> c.status() == CaseStatus.READY_FOR_MATCHING);
                section(sections, "With a specialist", "No case is with a specialist.", visible,
                        c -> c.status() == CaseStatus.OFFERED || c.status() == CaseStatus.IN_REVIEW);
                section(sections, "Done", "No finished case yet.", visible,
                        c -> c.status() == CaseStatus.OPINION_DELIVERED || c.status().isTerminal());
            }
            case SPECIALIST -> {
                section(sections, "Offered to you", "No case is waiting for your answer.", visible,
                        c -> c.status() == CaseStatus.OFFERED);
                section(sections, "In review", "You have no case in review.", visible,
                        c -> c.status() == CaseStatus.IN_REVIEW);
                section(sections, "Opinions delivered", "No opinion delivered yet.", visible,
                        c -> c.status() == CaseStatus.OPINION_DELIVERED || c.status().isTerminal());
            }
            default -> section(sections, "Cases", "Your role sees no cases.", visible, c -> true);
        }
        model.addAttribute("sections", sections.values());
        return "cases/list";
    }

    private static void section(Map<String, Section> sections, String title, String empty, List<CaseSummary> all,
            Predicate<CaseSummary> filter) {
        sections.put(title, new Section(title, empty, all.stream().filter(filter).toList(), false));
    }

    @GetMapping("/cases/new")
    String newCase(Model model) {
        model.addAttribute("form", CaseForm.blank());
        return "cases/new";
    }

    /**
     * One more blank question row, for the "add a question" button. The last row a case may hold also replaces the
     * button with a message; past it, there is only the message, never a row that repeats a number already used.
     */
    @GetMapping("/cases/new/question")
    String questionRow(@RequestParam(defaultValue = "0") int index, Model model, HttpServletResponse response) {
        if (index >= SecondOpinionCase.MAX_QUESTIONS) {
            response.setHeader("HX-Retarget", "#add-question");
            response.setHeader("HX-Reswap", "outerHTML");
            return "cases/new :: questions-full(oob=false)";
        }
        model.addAttribute("index", Math.max(0, index));
        return "cases/new :: question-row";
    }

    /** The question rows are read from the request by {@link CaseForm#questionsFrom}, never bound by index. */
    @InitBinder("form")
    void questionsAreReadNotBound(WebDataBinder binder) {
        binder.setDisallowedFields("questions*");
    }

    @PostMapping("/cases")
    String open(AccessScope scope, @ModelAttribute("form") CaseForm form, Model model,
            RedirectAttributes redirect, HttpServletRequest request) {
        form.setQuestions(CaseForm.questionsFrom(request.getParameterMap()));
        try {
            CaseView opened = cases.open(scope, form.parse());
            redirect.addFlashAttribute("notice", "Your case " + opened.reference()
                    + " is saved as a draft. Add your records, then submit it.");
            return "redirect:/cases/" + opened.id();
        } catch (InvalidInputException e) {
            model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(e, CaseForm::inputOf));
            while (form.getQuestions().size() < 1) {
                form.getQuestions().add(new CaseForm.QuestionForm());
            }
            return "cases/new";
        }
    }

    /** A line of the status timeline as the page shows it. */
    record TimelineRow(Instant at, String what, String who, String status, @Nullable String note) {

        static TimelineRow of(CaseTransition t) {
            return new TimelineRow(t.at(), TimelineWords.of(t.event()), t.actorRole().label(), t.status().label(),
                    t.note());
        }
    }

    /**
     * The case page: the case, its timeline and the other modules' panels, read in one transaction, so one view is
     * one audited read. It offers exactly the actions the policies allow.
     */
    @GetMapping("/cases/{id}")
    String show(AccessScope scope, @PathVariable String id, Model model) {
        CaseId caseId = CaseId.parse(id);
        Map<String, Object> page = cases.inOneRead(() -> {
            Map<String, Object> attributes = new LinkedHashMap<>();
            CaseView c = cases.find(scope, caseId);
            attributes.put("c", c);
            attributes.put("timeline", cases.timeline(scope, c).stream().map(TimelineRow::of).toList());
            attributes.put("allowed", allowedActions.of(scope, c));
            panels.forEach(panel -> panel.addTo(scope, c, attributes));
            return attributes;
        });
        model.addAllAttributes(page);
        return "cases/detail";
    }

    @PostMapping("/cases/{id}/submit")
    String submit(AccessScope scope, @PathVariable String id, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        return PageActions.run(redirect, "/cases/" + caseId,
                "Submitted. A coordinator will review your case and tell you which records are still needed.",
                () -> cases.submit(scope, caseId));
    }

    @PostMapping("/cases/{id}/withdraw")
    String withdraw(AccessScope scope, @PathVariable String id,
            @RequestParam(required = false) @Nullable String reason, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        return PageActions.run(redirect, "/cases/" + caseId, "The case is withdrawn.",
                Map.of("reason", "withdraw-reason"), () -> cases.withdraw(scope, caseId, reason));
    }

    @PostMapping("/cases/{id}/triage")
    String triage(AccessScope scope, @PathVariable String id, @RequestParam(required = false) @Nullable String decision,
            @RequestParam(required = false) @Nullable String reason, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        if ("DECLINE".equals(decision)) {
            return PageActions.run(redirect, "/cases/" + caseId, "The case is declined; the patient will see why.",
                    Map.of("reason", "decline-reason"), () -> cases.declineCase(scope, caseId, reason));
        }
        return PageActions.run(redirect, "/cases/" + caseId,
                "Accepted. The case is yours and now collecting records.", () -> cases.acceptAtTriage(scope, caseId));
    }

    @PostMapping("/cases/{id}/records-complete")
    String recordsComplete(AccessScope scope, @PathVariable String id, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        return PageActions.run(redirect, "/cases/" + caseId, "Records are complete; the case is ready for matching.",
                () -> cases.completeRecords(scope, caseId));
    }

    @PostMapping("/cases/{id}/close")
    String close(AccessScope scope, @PathVariable String id, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        return PageActions.run(redirect, "/cases/" + caseId, "The case is closed.", () -> cases.close(scope, caseId));
    }
}
