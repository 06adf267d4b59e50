package org.consilium.intake.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.consilium.intake.CaseDetails;
import org.consilium.intake.CaseView;
import org.consilium.intake.OpenCase;
import org.consilium.intake.Question;
import org.consilium.intake.SecondOpinionCase;
import org.jspecify.annotations.Nullable;

/** The "open a case" form as the browser posts it. A bean, so Spring binds {@code questions[0].text} into it. */
public class CaseForm {

    static final int BLANK_QUESTIONS = 3;

    private String diagnosis = "";
    private String icd10Code = "";
    private String cancerType = "";
    private String stage = "";
    private String biomarkers = "";
    private String treatmentSoFar = "";
    private String proposedPlan = "";
    private String specialty = "";
    private String urgency = "ROUTINE";
    private String decisionDeadline = "";
    private String forWhom = "SELF";
    private String patientName = "";
    private String patientBirthDate = "";
    private String relationship = "";
    private List<QuestionForm> questions = new ArrayList<>();

    static CaseForm blank() {
        CaseForm form = new CaseForm();
        for (int i = 0; i < BLANK_QUESTIONS; i++) {
            form.questions.add(new QuestionForm());
        }
        return form;
    }

    /** The form filled with a draft as it is stored, for its patient to edit. */
    static CaseForm of(CaseView c) {
        CaseForm form = new CaseForm();
        CaseDetails d = c.details();
        form.diagnosis = d.diagnosis();
        form.icd10Code = text(d.icd10Code());
        form.cancerType = text(d.cancerType());
        form.stage = text(d.stage());
        form.biomarkers = text(d.biomarkers());
        form.treatmentSoFar = text(d.treatmentSoFar());
        form.proposedPlan = text(d.proposedPlan());
        form.specialty = d.specialty().name();
        form.urgency = d.urgency().name();
        form.decisionDeadline = d.decisionDeadline() == null ? "" : d.decisionDeadline().toString();
        if (d.proxy() != null) {
            form.forWhom = OpenCase.ForWhom.SOMEONE_ELSE.name();
            form.patientName = d.proxy().patientName();
            form.patientBirthDate = d.proxy().patientBirthDate().toString();
            form.relationship = d.proxy().relationship().name();
        }
        for (Question q : c.questions()) {
            QuestionForm row = new QuestionForm();
            row.setKind(q.kind().name());
            row.setText(q.text());
            form.questions.add(row);
        }
        return form;
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value;
    }

    /** A question's part as the request names it ({@code questions[2].text}). */
    private static final Pattern QUESTION_PART = Pattern.compile("questions\\[(\\d+)]\\.(kind|text)");

    /**
     * The id of this form's input for a field of the request: mostly the field's own name; a question's parts as
     * th:field names them ({@code questions2.text}); "ask at least one question" at the first question.
     */
    static String inputOf(String field) {
        Matcher part = QUESTION_PART.matcher(field);
        if (part.matches()) {
            return "questions" + part.group(1) + "." + part.group(2);
        }
        return switch (field) {
            case "questions" -> "questions0.text";
            case "forWhom" -> "forWhom-self";
            default -> field;
        };
    }

    /** A question field as the form posts it: {@code questions[3].text}. */
    private static final Pattern QUESTION_FIELD = Pattern.compile("questions\\[(\\d{1,9})]\\.(kind|text)");

    /**
     * The question rows of a posted form, read from its parameters rather than bound by index: two rows that arrive
     * under the same number (a page that added a row twice, or a hand-edited one) stay two questions instead of being
     * joined into one text, and nothing typed is dropped. Rows come in the order of their numbers; blank rows beyond
     * what a form can hold are left out.
     */
    static List<QuestionForm> questionsFrom(Map<String, String[]> parameters) {
        SortedMap<Integer, String[][]> rows = new TreeMap<>();
        parameters.forEach((name, values) -> {
            Matcher field = QUESTION_FIELD.matcher(name);
            if (field.matches()) {
                String[][] row = rows.computeIfAbsent(Integer.parseInt(field.group(1)), i -> new String[2][]);
                row["kind".equals(field.group(2)) ? 0 : 1] = values;
            }
        });
        List<QuestionForm> questions = new ArrayList<>();
        for (String[][] row : rows.values()) {
            String[] kinds = row[0] == null ? new String[0] : row[0];
            String[] texts = row[1] == null ? new String[0] : row[1];
            for (int i = 0; i < Math.max(kinds.length, texts.length); i++) {
                QuestionForm question = new QuestionForm();
                if (i < kinds.length) {
                    question.setKind(kinds[i]);
                }
                question.setText(i < texts.length ? texts[i] : "");
                boolean blank = question.getText().isBlank();
                if (!blank || questions.size() < SecondOpinionCase.MAX_QUESTIONS) {
                    questions.add(question);
                }
            }
        }
        return questions;
    }

    OpenCase parse() {
        return OpenCase.parse(diagnosis, icd10Code, cancerType, stage, biomarkers, treatmentSoFar, proposedPlan,
                specialty, urgency, decisionDeadline,
                questions.stream().map(q -> new OpenCase.RawQuestion(q.getKind(), q.getText())).toList(),
                new OpenCase.RawProxy(forWhom, patientName, patientBirthDate, relationship));
    }

    /** One question row of the form. */
    public static class QuestionForm {
        private String kind = "TREATMENT_OPTIONS";
        private String text = "";

        public String getKind() {
            return kind;
        }

        public void setKind(String kind) {
            this.kind = kind;
        }

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }
    }

    public String getDiagnosis() {
        return diagnosis;
    }

    public void setDiagnosis(String diagnosis) {
        this.diagnosis = diagnosis;
    }

    public String getIcd10Code() {
        return icd10Code;
    }

    public void setIcd10Code(String icd10Code) {
        this.icd10Code = icd10Code;
    }

    public String getCancerType() {
        return cancerType;
    }

    public void setCancerType(String cancerType) {
        this.cancerType = cancerType;
    }

    public String getStage() {
        return stage;
    }

    public void setStage(String stage) {
        this.stage = stage;
    }

    public String getBiomarkers() {
        return biomarkers;
    }

    public void setBiomarkers(String biomarkers) {
        this.biomarkers = biomarkers;
    }

    public String getTreatmentSoFar() {
        return treatmentSoFar;
    }

    public void setTreatmentSoFar(String treatmentSoFar) {
        this.treatmentSoFar = treatmentSoFar;
    }

    public String getProposedPlan() {
        return proposedPlan;
    }

    public void setProposedPlan(String proposedPlan) {
        this.proposedPlan = proposedPlan;
    }

    public String getSpecialty() {
        return specialty;
    }

    public void setSpecialty(String specialty) {
        this.specialty = specialty;
    }

    public String getUrgency() {
        return urgency;
    }

    public void setUrgency(String urgency) {
        this.urgency = urgency;
    }

    public String getDecisionDeadline() {
        return decisionDeadline;
    }

    public void setDecisionDeadline(String decisionDeadline) {
        this.decisionDeadline = decisionDeadline;
    }

    public String getForWhom() {
        return forWhom;
    }

    public void setForWhom(String forWhom) {
        this.forWhom = forWhom;
    }

    public String getPatientName() {
        return patientName;
    }

    public void setPatientName(String patientName) {
        this.patientName = patientName;
    }

    public String getPatientBirthDate() {
        return patientBirthDate;
    }

    public void setPatientBirthDate(String patientBirthDate) {
        this.patientBirthDate = patientBirthDate;
    }

    public String getRelationship() {
        return relationship;
    }

    public void setRelationship(String relationship) {
        this.relationship = relationship;
    }

    public List<QuestionForm> getQuestions() {
        return questions;
    }

    public void setQuestions(List<QuestionForm> questions) {
        this.questions = questions;
    }
}
