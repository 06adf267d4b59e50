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
     * The diagrams in {@code docs/modules} show the modules as they are. They are drawn into {@code target/} and
     * compared line by line (the Documenter's line order varies from run to run); a stale diagram fails the test,
     * which never writes into {@code docs/} unless asked to with {@code -Dconsilium.docs.update=true}.
     */
    @Test
    void the_module_diagrams_in_docs_are_current() throws IOException {
        Path generated = Path.of("target/modules");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        Path docs = Path.of("docs/modules");
        boolean update = Boolean.getBoolean("consilium.docs.update");
        java.util.List<String> stale = new java.util.ArrayList<>();
        try (Stream<Path> diagrams = Files.list(generated)) {
            for (Path diagram : diagrams.filter(p -> p.toString().endsWith(".puml")).sorted().toList()) {
                Path target = docs.resolve(diagram.getFileName());
                if (!Files.exists(target) || !sortedLines(target).equals(sortedLines(diagram))) {
                    if (update) {
                        Files.createDirectories(docs);
                        Files.copy(diagram, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    } else {
                        stale.add(target.toString());
                    }
                }
            }
        }
        assertThat(stale).as("module diagrams that no longer match the code; refresh them with "
                + "./consilium test -Dtest=ModularityTests -Dconsilium.docs.update=true").isEmpty();
    }

    /** The module map in ARCHITECTURE.md lists, for each module, exactly the dependencies its package-info allows. */
    @Test
    void the_architecture_module_map_matches_the_declared_dependencies() throws Exception {
        String doc = Files.readString(Path.of("ARCHITECTURE.md"));
        Matcher rows = Pattern.compile("(?m)^\\| `([a-z]+)` \\|.*\\| ([^|]+) \\|$").matcher(doc);
        java.util.Map<String, java.util.Set<String>> documented = new java.util.TreeMap<>();
        while (rows.find()) {
            String deps = rows.group(2).strip();
            documented.put(rows.group(1), deps.startsWith("nothing") ? java.util.Set.of()
                    : java.util.Arrays.stream(deps.split(",")).map(String::strip)
                            .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
        }
        java.util.Map<String, java.util.Set<String>> declared = new java.util.TreeMap<>();
        for (var module : MODULES) {
            String name = module.getIdentifier().toString();
            var annotation = Class.forName("org.consilium." + name + ".package-info")
                    .getAnnotation(org.springframework.modulith.ApplicationModule.class);
            // An open module (shared) declares none: the annotation's default then stands for "not restricted".
            declared.put(name, annotation.type() == org.springframework.modulith.ApplicationModule.Type.OPEN
                    ? java.util.Set.of()
                    : new java.util.TreeSet<>(java.util.List.of(annotation.allowedDependencies())));
        }
        assertThat(documented).isEqualTo(declared);
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
