package io.santkrupa;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.DriverManager;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The few boundaries that keep the isolation design honest as the code grows. */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.santkrupa");
    }

    @Test
    void only_the_db_package_opens_database_connections() {
        noClasses().that().resideOutsideOfPackage("io.santkrupa.db..")
                .should().callMethod(DataSource.class, "getConnection")
                .orShould().callMethod(DriverManager.class, "getConnection", String.class, String.class, String.class)
                .orShould().dependOnClassesThat().resideInAPackage("com.zaxxer.hikari..")
                .because("tenant data is reached only through TenantTransactions, which sets the clinic first")
                .check(production);
    }

    @Test
    void only_generated_code_is_named_record() {
        classes().that().haveSimpleNameEndingWith("Record")
                .should().resideInAPackage("io.santkrupa.db.jooq..")
                .check(production);
    }

    @Test
    void generated_code_depends_on_nothing_of_ours_but_its_bindings() {
        noClasses().that().resideInAPackage("io.santkrupa.db.jooq..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "application classes other than the db bindings",
                        c -> c.getPackageName().startsWith("io.santkrupa")
                                && !c.getPackageName().startsWith("io.santkrupa.db.jooq")
                                && !c.getName().equals("io.santkrupa.db.InetBinding")))
                .check(production);
    }

    @Test
    void the_db_package_knows_nothing_of_the_features_or_the_cli() {
        noClasses().that().resideInAPackage("io.santkrupa.db..")
                .should().dependOnClassesThat().resideInAnyPackage("io.santkrupa.cli..", "io.santkrupa.web..")
                .check(production);
    }

    @Test
    void the_platform_console_never_opens_a_tenant_transaction() {
        noClasses().that().resideInAPackage("io.santkrupa.platform..")
                .should().dependOnClassesThat().areAssignableTo(io.santkrupa.db.TenantTransactions.class)
                .because("the platform reaches clinics only through its own role and V034's functions")
                .check(production);
    }

    @Test
    void the_platform_console_names_no_clinic_table_but_the_registry() {
        noClasses().that().resideInAPackage("io.santkrupa.platform..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "jOOQ classes of clinic tables other than the registry",
                        c -> c.getPackageName().startsWith("io.santkrupa.db.jooq.santkrupa.tables")
                                && !java.util.Set.of("Clinic", "ClinicRecord").contains(c.getSimpleName())))
                .check(production);
    }

    @Test
    void only_the_platform_and_its_commands_use_the_platform_role() {
        noClasses().that().resideOutsideOfPackages("io.santkrupa.platform..", "io.santkrupa.db..", "io.santkrupa.cli..",
                        "io.santkrupa.demo..", "io.santkrupa.web")
                .should().dependOnClassesThat().areAssignableTo(io.santkrupa.db.PlatformTransactions.class)
                .check(production);
    }
}
