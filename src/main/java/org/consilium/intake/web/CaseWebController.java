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
import org.consilium.platform.Autosave;
import org.consilium.shared.FormErrors;
import org.consilium.platform.PageActions;
import org.consilium.platform.PendingForms;
import org.consilium.shared.CaseId;
import org.consilium.shared.DomainException;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.Specialty;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.MutablePropertyValues;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.DataBinder;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The case pages: each role's list, opening a case, and the case page with its lifecycle actions. */
@Controller
class CaseWebController {

    private final CaseManagement cases;
    private final AllowedActions allowedActions;
    private final List<CasePagePanel> panels;
    private final PendingForms pendingForms;

    CaseWebController(CaseManagement cases, AllowedActions allowedActions, List<CasePagePanel> panels,
            PendingForms pendingForms) {
        this.cases = cases;
        this.allowedActions = allowedActions;
        this.panels = List.copyOf(panels);
        this.pendingForms = pendingForms;
    }

    @ModelAttribute
    void choices(Model model) {
        model.addAttribute("specialties", Specialty.values());
        model.addAttribute("practisedSpecialties", Specialty.practised());
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
    String list(AccessScope scope, @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false, defaultValue = "false") boolean discarded, Model model) {
        CasePage page = cases.list(scope, CasePage.Cursor.decode(cursor), CasePage.MAX_LIMIT, discarded);
        List<CaseSummary> visible = page.items();
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("discarded", discarded);
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
    String newCase(AccessScope scope, HttpServletRequest request, Model model) {
        CaseForm form = CaseForm.blank();
        restore(scope, request, form, model);
        model.addAttribute("form", form);
        return "cases/new";
    }

    /**
     * Puts back what the person typed into this form before their session ended, if they typed anything; the page says
     * so, and nothing is saved until they send the form again.
     */
    private @Nullable Map<String, String> restore(AccessScope scope, HttpServletRequest request, CaseForm form,
            Model model) {
        Map<String, String> typed = pendingForms.take(request, scope.actor().id()).orElse(null);
        if (typed != null) {
            DataBinder binder = new DataBinder(form);
            binder.setDisallowedFields("questions*");
            binder.bind(new MutablePropertyValues(typed));
            Map<String, String[]> asPosted = new LinkedHashMap<>();
            typed.forEach((name, value) -> asPosted.put(name, new String[] {value}));
            form.setQuestions(CaseForm.questionsFrom(asPosted));
            model.addAttribute("restored", true);
            model.addAttribute("notice", PendingForms.RESTORED);
        }
        return typed;
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

    /** The edit form of a draft, filled with the draft as it is stored. */
    @GetMapping("/cases/{id}/edit")
    String edit(AccessScope scope, @PathVariable String id, HttpServletRequest request, Model model) {
        CaseView c = cases.draftToEdit(scope, CaseId.parse(id));
        CaseForm form = CaseForm.of(c);
        Map<String, String> typed = restore(scope, request, form, model);
        long version = typed == null ? c.version() : PendingForms.versionIn(typed).orElse(c.version());
        return editForm(model, c, form, version);
    }

    private static String editForm(Model model, CaseView c, CaseForm form, long version) {
        while (form.getQuestions().isEmpty()) {
            form.getQuestions().add(new CaseForm.QuestionForm());
        }
        model.addAttribute("form", form);
        model.addAttribute("editing", c);
        model.addAttribute("version", version);
        return "cases/new";
    }

    /**
     * Saves a draft's edit. The form's own save button gets the case page, or the form again with what needs fixing;
     * the form's autosave (an htmx request) gets a short status for the form to show, and keeps the typed text where it
     * is whatever the answer. A version that is no longer current never overwrites: the person is told the draft
     * changed in another window, and keeps their text.
     */
    @PostMapping("/cases/{id}/edit")
    String saveEdit(AccessScope scope, @PathVariable String id, @ModelAttribute("form") CaseForm form,
            @RequestParam(required = false) @Nullable Long version,
            @RequestHeader(name = "HX-Request", required = false, defaultValue = "false") boolean autosave,
            Model model, RedirectAttributes redirect, HttpServletRequest request, HttpServletResponse response) {
        CaseId caseId = CaseId.parse(id);
        form.setQuestions(CaseForm.questionsFrom(request.getParameterMap()));
        try {
            CaseView edited = cases.editDraft(scope, caseId, form.parse(), version);
            if (autosave) {
                return Autosave.saved(model, edited.updatedAt(), edited.version());
            }
            redirect.addFlashAttribute("notice", "Your changes are saved.");
            redirect.addFlashAttribute("savedForm", formKey(caseId));
            return "redirect:/cases/" + caseId;
        } catch (DomainException e) {
            if (autosave) {
                return Autosave.refused(model, response, e);
            }
            if (e instanceof NotFoundException) {
                throw e;
            }
            CaseView c = cases.draftToEdit(scope, caseId);
            long current = c.version();
            if (e instanceof InvalidInputException invalid) {
                model.addAttribute(FormErrors.ATTRIBUTE, FormErrors.of(invalid, CaseForm::inputOf));
                current = version == null ? current : version;
            } else {
                model.addAttribute("error", "The draft was changed in another window. What you typed is below; "
                        + "save it again to keep it instead.");
            }
            return editForm(model, c, form, current);
        }
    }

    /** Where a browser keeps the unsaved text of a case's edit form. */
    private static String formKey(CaseId caseId) {
        return "case-" + caseId;
    }

    @PostMapping("/cases/{id}/discard")
    String discard(AccessScope scope, @PathVariable String id, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        return PageActions.run(redirect, "/cases", "/cases/" + caseId, "The draft is discarded. It is kept, with its "
                + "records, but no longer listed among your cases.", () -> {
                    cases.discard(scope, caseId);
                    redirect.addFlashAttribute("savedForm", formKey(caseId));
                });
    }

    @PostMapping("/cases/{id}/specialty")
    String changeSpecialty(AccessScope scope, @PathVariable String id,
            @RequestParam(required = false) @Nullable String specialty,
            @RequestParam(required = false) @Nullable String reason, RedirectAttributes redirect) {
        CaseId caseId = CaseId.parse(id);
        return PageActions.run(redirect, "/cases/" + caseId, "The specialty is changed; the timeline says why.",
                () -> cases.changeSpecialty(scope, caseId, specialty, reason));
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
                () -> {
                    cases.submit(scope, caseId);
                    redirect.addFlashAttribute("savedForm", formKey(caseId));
                });
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
