package io.qkdmodem.rig.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;

/**
 * The dependency direction of DESIGN.md section 2, and the layer rules of STYLE.md, as ArchUnit
 * rules over the packages under one root. The root is a parameter so that the rules can be shown to
 * fail on a deliberately broken fixture tree.
 */
final class ModuleDependencyRules {

    private ModuleDependencyRules() {}

    static List<ArchRule> forRoot(String root) {
        String hal = root + ".hal..";
        String halSerial = root + ".hal.serial..";
        String halPi4j = root + ".hal.pi4j..";
        String keystore = root + ".keystore..";
        String protocol = root + ".protocol..";
        String firmware = root + ".firmware..";
        String agent = root + ".agent..";
        String rig = root + ".rig..";
        return List.of(
                noClasses()
                        .that()
                        .resideInAPackage(hal)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(keystore, protocol, firmware, agent, rig)
                        .as("hal depends on none of our modules"),
                noClasses()
                        .that()
                        .resideInAPackage(keystore)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(hal, protocol, firmware, agent, rig)
                        .as("keystore-flash depends on none of our modules"),
                noClasses()
                        .that()
                        .resideInAPackage(protocol)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(keystore, firmware, agent, rig)
                        .as("modem-protocol depends on hal only"),
                noClasses()
                        .that()
                        .resideInAPackage(protocol)
                        .should()
                        .dependOnClassesThat(
                                resideInAPackage(hal).and(not(resideInAPackage(halSerial))))
                        .as("modem-protocol uses only the serial-port interface of hal"),
                noClasses()
                        .that()
                        .resideInAPackage(firmware)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(agent, rig)
                        .as("modem-firmware-java depends on hal, keystore-flash, modem-protocol"),
                noClasses()
                        .that()
                        .resideInAPackage(agent)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(keystore, firmware, rig)
                        .as("host-agent depends on modem-protocol and hal only"),
                noClasses()
                        .that()
                        .resideInAPackage(agent)
                        .should()
                        .dependOnClassesThat(
                                resideInAPackage(hal).and(not(resideInAPackage(halSerial))))
                        .as("host-agent uses only the serial ports of hal"),
                noClasses()
                        .that()
                        .resideOutsideOfPackage(rig)
                        .and()
                        .resideInAPackage(root + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage(rig)
                        .as("nothing depends on test-rig"),
                noClasses()
                        .that()
                        .resideOutsideOfPackage(halPi4j)
                        .and()
                        .resideInAPackage(root + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("com.pi4j..")
                        .as("only the Pi4J backend package imports com.pi4j"),
                noClasses()
                        .that()
                        .resideOutsideOfPackage(halSerial)
                        .and()
                        .resideInAPackage(root + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("com.fazecast..")
                        .as("only hal's serial package imports jSerialComm"),
                noClasses()
                        .that()
                        .resideOutsideOfPackages("..cli..", "..jmh_generated..")
                        .and()
                        .resideInAPackage(root + "..")
                        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                        .as("only command lines write to the console; the rest logs"));
    }
}
