package io.santkrupa.adversarial;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Registered through {@code META-INF/services}: when the first test plan of this JVM starts,
 * the sections of an earlier run are removed; when a plan ends, {@code target/adversarial/summary.md}
 * is assembled from the sections the adversarial classes wrote ({@link AdversarialReport}).
 */
public final class AdversarialSummaryListener implements TestExecutionListener {

    private static final AtomicBoolean CLEARED = new AtomicBoolean();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (CLEARED.compareAndSet(false, true)) {
            AdversarialReport.clear();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        AdversarialReport.assembleSummary();
    }
}
