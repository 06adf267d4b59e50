package org.consilium.records.web;

import java.util.List;
import java.util.Map;
import org.consilium.identity.AccessScope;
import org.consilium.intake.CasePagePanel;
import org.consilium.intake.CaseView;
import org.consilium.records.MedicalRecord;
import org.consilium.records.RecordCategory;
import org.consilium.records.RecordManagement;
import org.consilium.records.RecordManagement.RecordList;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The records panel of the case page: the list, links to the content, the upload form. */
@Component
@Order(10)
class RecordsPanel implements CasePagePanel {

    private final RecordManagement records;

    RecordsPanel(RecordManagement records) {
        this.records = records;
    }

    /** What the panel's template reads, under {@code recordsPanel}. */
    record View(RecordList list, List<RecordCategory> categories) {

        /** The record's kind of file, in words. */
        public String typeOf(MedicalRecord r) {
            return FileTypes.of(r.contentType());
        }

        /** Whether the page can show the record itself: a PDF framed, an image as an image. */
        public boolean viewable(MedicalRecord r) {
            return FileTypes.viewable(r.contentType());
        }

        public boolean image(MedicalRecord r) {
            return FileTypes.image(r.contentType());
        }
    }

    @Override
    public void addTo(AccessScope scope, CaseView c, Map<String, Object> model) {
        model.put("recordsPanel", new View(records.list(scope, c), List.of(RecordCategory.values())));
    }
}
