package io.barcast.forecast;

import io.barcast.evaluation.ReturnFit;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SkillWeightTest {

    private final Random random = new Random(5);

    @Test
    void shouldServeTheModelInFullWhenItExplainsTheMoves() {
        double[] r = new double[250];
        double[] y = new double[250];
        for (int i = 0; i < r.length; i++) {
            r[i] = random.nextGaussian() * 0.01;
            y[i] = r[i] + random.nextGaussian() * 0.005;
        }

        SkillWeight w = SkillWeight.NONE.promoted(ReturnFit.of(r, y), true);

        assertThat(w.weight()).isCloseTo(1.0, within(0.05));
    }

    @Test
    void shouldServeTheNaiveForecastWhenTheModelHasNoSkill() {
        double[] r = new double[250];
        double[] y = new double[250];
        for (int i = 0; i < r.length; i++) {
            r[i] = random.nextGaussian() * 0.01;
            y[i] = random.nextGaussian() * 0.01; // unrelated
        }
        SkillWeight w = SkillWeight.NONE.promoted(ReturnFit.of(r, y), true);

        assertThat(ReturnFit.of(r, y).decayed(0.5).tStat()).isBetween(-3.0, 3.0);
        assertThat(w.weight()).isZero();
    }

    @Test
    void shouldNeverLeanOnAModelThatLostToTheNaiveForecastOnValidation() {
        double[] r = {0.01, -0.02, 0.015, -0.01, 0.02};
        SkillWeight w = SkillWeight.NONE.promoted(ReturnFit.of(r, r), false);

        assertThat(ReturnFit.of(r, r).beta()).isEqualTo(1.0);
        assertThat(w.weight()).isZero();
        assertThat(SkillWeight.NONE.weight()).isZero();
    }

    @Test
    void shouldShrinkAWeakSkillAndClampANegativeOrLargeSlope() {
        // y = 0.5 r + noise with t around 4 (validation samples count half): weight = 0.5 (1 - 9/t²), well below the slope
        ReturnFit weak = fit(0.5, 0.02, 600);
        double t = weak.decayed(0.5).tStat();
        assertThat(t).isBetween(3.2, 6.0);
        assertThat(SkillWeight.NONE.promoted(weak, true).weight())
                .isCloseTo(weak.beta() * (1 - 9 / (t * t)), within(1e-12)).isLessThan(weak.beta() * 0.8);

        assertThat(SkillWeight.NONE.promoted(fit(-1, 0.001, 200), true).weight()).isZero();
        assertThat(SkillWeight.NONE.promoted(fit(3, 0.001, 200), true).weight()).isEqualTo(1.0);
    }

    @Test
    void shouldLetRealisedOutcomesOverturnTheValidationEvidenceAndForgetOldOnes() {
        SkillWeight w = SkillWeight.NONE.promoted(fit(1, 0.002, 100), true);
        assertThat(w.weight()).isGreaterThan(0.9);

        for (int i = 0; i < 1500; i++) {
            double r = random.nextGaussian() * 0.01;
            w = w.withOutcome(r, -r + random.nextGaussian() * 0.002); // the model is now wrong every day
        }

        assertThat(w.weight()).isZero();
        assertThat(w.live().n()).isLessThan(400); // forgotten with a half-life of 250 outcomes
    }

    @Test
    void shouldCountAValidationSampleAsHalfARealisedOutcome() {
        ReturnFit validation = fit(1, 0.01, 100);

        SkillWeight w = SkillWeight.NONE.promoted(validation, true);

        assertThat(w.validation().n()).isEqualTo(50.0);
        assertThat(w.validation().syr()).isCloseTo(validation.syr() / 2, within(1e-15));
        assertThat(w.validation().tStat()).isLessThan(validation.tStat());
    }

    @Test
    void shouldRedoTheLastOutcomeExactlyWhenItsBarIsCorrected() {
        SkillWeight base = SkillWeight.NONE.promoted(fit(1, 0.01, 50), true).withOutcome(0.01, 0.02);

        SkillWeight corrected = base.withOutcome(0.005, -0.01).corrected(0.005, -0.01, 0.003);
        SkillWeight direct = base.withOutcome(0.005, 0.003);

        assertThat(corrected.live().syr()).isCloseTo(direct.live().syr(), within(1e-15));
        assertThat(corrected.live().syy()).isCloseTo(direct.live().syy(), within(1e-15));
        assertThat(corrected.live().n()).isCloseTo(direct.live().n(), within(1e-12));
        assertThat(corrected.weight()).isCloseTo(direct.weight(), within(1e-12));
    }

    private ReturnFit fit(double beta, double noise, int n) {
        ReturnFit f = ReturnFit.EMPTY;
        for (int i = 0; i < n; i++) {
            double r = random.nextGaussian() * 0.01;
            f = f.plus(r, beta * r + random.nextGaussian() * noise);
        }
        return f;
    }
}
