package io.santkrupa.platform;

import io.santkrupa.web.Form;

/** A clinic's capacity: active doctors, patients, active receptionists. */
public record Limits(int doctors, int patients, int receptionists) {

    public static final Limits TRIAL = new Limits(10, 500, 5);

    /** Reads max_doctors, max_patients and max_receptionists, with a message at each wrong one. */
    static Limits read(Form form) {
        return new Limits(
                form.integer("max_doctors", "Doctors", 0, ClinicOnboarding.MAX_STAFF_LIMIT),
                form.integer("max_patients", "Patients", 0, ClinicOnboarding.MAX_PATIENT_LIMIT),
                form.integer("max_receptionists", "Receptionists", 0, ClinicOnboarding.MAX_STAFF_LIMIT));
    }

    @Override
    public String toString() {
        return doctors + " doctors / " + patients + " patients / " + receptionists + " receptionists";
    }
}
