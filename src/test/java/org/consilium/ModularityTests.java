package org.consilium;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Module boundaries are checked, not remembered, and the docs name only classes that exist. */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(ConsiliumApplication.class);

    @Test
    void modules_respect_their_boundaries_and_form_no_cycle() {
        MODULES.verify();
    }

    @Test
    void every_module_of_the_house_style_exists() {
        assertThat(MODULES.stream().map(m -> m.getIdentifier().toString()))
                .contains("shared", "platform", "identity", "intake", "records", "matching", "review", "audit");
    }

    /**
     * Writes the diagrams into {@code target/} and copies into {@code docs/modules} only those whose content changed:
     * the Documenter's line order varies from run to run, and an unchanged diagram should not dirty the work tree.
     */
    @Test
    void writes_the_module_diagram_into_docs() throws IOException {
        Path generated = Path.of("target/modules");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        Path docs = Files.createDirectories(Path.of("docs/modules"));
        try (Stream<Path> diagrams = Files.list(generated)) {
            for (Path diagram : diagrams.filter(p -> p.toString().endsWith(".puml")).toList()) {
                Path target = docs.resolve(diagram.getFileName());
                if (!Files.exists(target) || !sortedLines(target).equals(sortedLines(diagram))) {
                    Files.copy(diagram, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        assertThat(docs.resolve("components.puml")).exists();
        assertThat(sortedLines(docs.resolve("components.puml"))).isEqualTo(
                sortedLines(generated.resolve("components.puml")));
    }

    private static java.util.List<String> sortedLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().sorted().toList();
    }

    @Test
    void architecture_doc_names_only_classes_that_exist() throws IOException {
        String doc = Files.readString(Path.of("ARCHITECTURE.md"));
        Matcher names = Pattern.compile("`([A-Z][A-Za-z0-9]+)(?:\\.[A-Za-z0-9]+)?`").matcher(doc);
        java.util.Set<String> classes;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            classes = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - ".java".length()))
                    .collect(java.util.stream.Collectors.toSet());
        }
        java.util.Set<String> nestedOrNamed = new java.util.HashSet<>(classes);
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                try {
                    Matcher nested = Pattern.compile("(?:record|class|interface|enum) ([A-Z][A-Za-z0-9]+)")
                            .matcher(Files.readString(p));
                    while (nested.find()) {
                        nestedOrNamed.add(nested.group(1));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        java.util.List<String> missing = new java.util.ArrayList<>();
        while (names.find()) {
            String name = names.group(1);
            if (looksLikeClass(name) && !nestedOrNamed.contains(name)) {
                missing.add(name);
            }
        }
        assertThat(missing).as("classes named in ARCHITECTURE.md that do not exist").isEmpty();
    }

    /** CamelCase with a lower-case letter: a class name, not an enum constant like {@code DRAFT}. */
    private static boolean looksLikeClass(String name) {
        return name.chars().anyMatch(Character::isLowerCase) && name.chars().skip(1).anyMatch(Character::isUpperCase);
    }
}
