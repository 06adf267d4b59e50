package org.consilium.matching;

import java.util.List;
import java.util.Set;
import org.consilium.shared.Specialty;
import org.consilium.shared.UserId;

/** A reviewing physician at an expert center, as the directory shows them. */
public record Specialist(SpecialistId id, UserId accountId, String displayName, String title, String centerName,
        String centerCity, Set<Specialty> specialties, List<String> languages) {

    public boolean practises(Specialty specialty) {
        return specialties.contains(specialty);
    }
}
