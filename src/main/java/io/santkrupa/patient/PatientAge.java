package io.santkrupa.patient;

import io.santkrupa.prescription.Prescriptions;

import java.time.LocalDate;
import java.time.Period;

/**
 * A patient's date of birth, or the age she gave instead: an age in years is kept as an
 * approximate date of birth (so it keeps counting up) that pages never show as a real date.
 */
public final class PatientAge {

    /** The oldest age the desk may give, and the earliest date of birth, in years before today. */
    public static final int OLDEST_YEARS = 130;

    private PatientAge() {
    }

    /**
     * The date of birth kept for an age in years given on {@code today}: 1 July -- the middle of
     * a year, a date people recognise as an estimate -- of the latest year in which a person born
     * on it is {@code years} old today. So the age shown on the day it was given is the age given.
     */
    public static LocalDate estimatedDateOfBirth(int years, LocalDate today) {
        LocalDate julyFirst = LocalDate.of(today.getYear() - years, 7, 1);
        return julyFirst.plusYears(years).isAfter(today) ? julyFirst.minusYears(1) : julyFirst;
    }

    /** Whole years between the date of birth and {@code on}. */
    public static int years(LocalDate dateOfBirth, LocalDate on) {
        return Period.between(dateOfBirth, on).getYears();
    }

    /**
     * The date of birth as pages show it: the date itself ("1985-04-12"), or for an estimate the
     * year and the age ("about 1980 (approx. 45 y)"); empty when unknown.
     */
    public static String shown(LocalDate dateOfBirth, boolean approximate, LocalDate today) {
        if (dateOfBirth == null) {
            return "";
        }
        if (!approximate) {
            return io.santkrupa.web.DateFormats.DAY.format(dateOfBirth);
        }
        return "about " + dateOfBirth.getYear() + " (" + Prescriptions.ageOn(dateOfBirth, true, today) + ")";
    }
}
