package io.qkdmodem.rig.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Enforces DESIGN.md section 2 on the production classes of every module. */
class ModuleDependencyTest {

    private static final String ROOT = "io.qkdmodem";

    @Test
    void productionCodeFollowsTheDependencyDirection() {
        JavaClasses production =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(ROOT);
        assertThat(production.containPackage(ROOT + ".rig.cli"))
                .as("the importer sees the rig's own classes")
                .isTrue();
        List<String> failures =
                ModuleDependencyRules.forRoot(ROOT).stream()
                        .map(rule -> rule.allowEmptyShould(true).evaluate(production))
                        .filter(EvaluationResult::hasViolation)
                        .map(result -> result.getFailureReport().toString())
                        .toList();
        assertThat(failures).as("architecture violations").isEmpty();
    }

    @Test
    void theRulesCatchAHalClassThatReachesUpIntoTheAgent() {
        String fixtureRoot = "io.qkdmodem.rig.architecture.fixture";
        JavaClasses fixture = new ClassFileImporter().importPackages(fixtureRoot);
        List<String> violated =
                ModuleDependencyRules.forRoot(fixtureRoot).stream()
                        .filter(
                                rule -> {
                                    EvaluationResult result =
                                            rule.allowEmptyShould(true).evaluate(fixture);
                                    return result.hasViolation();
                                })
                        .map(ArchRule::getDescription)
                        .toList();
        assertThat(violated)
                .containsExactlyInAnyOrder(
                        "hal depends on none of our modules",
                        "only the Pi4J backend package imports com.pi4j");
    }
}
