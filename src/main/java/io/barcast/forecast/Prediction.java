package io.barcast.forecast;

import java.util.List;

import io.barcast.interval.Interval;
import io.barcast.interval.TailRisk;
import io.barcast.interval.VolatilityBlend;
import io.barcast.model.Forecast;
import io.barcast.model.ModelMetadata;
import io.barcast.quality.QualityEvent;

/**
 * A prediction to publish: the model's own forecast, the {@link SkillWeight} it is served with, the model
 * that made it, and whether it replaces an earlier prediction from the same (corrected) bar. The published
 * close is {@link #servedClose()}: the model's return shrunk toward the naive forecast by the weight.
 *
 * @param forecast   the model's forecast (its {@code predictedReturn} and {@code predictedClose} are the model's own)
 * @param weight     the skill weight in [0, 1]
 * @param model      the serving model
 * @param correction true when the bar predicted from was a correction
 * @param intervals  the calibrated intervals of the next close, ascending by level
 * @param volatility the predicted standard deviation of the next log return the intervals are built on
 * @param quality    the data-quality events of the bar predicted from
 * @param risk       the VaR and ES of the next close and P(next close > last close), or null
 * @param blend      the member volatilities and weights {@code volatility} was blended from, or null
 */
public record Prediction(Forecast forecast, double weight, ModelMetadata model, boolean correction,
                         List<Interval> intervals, double volatility, List<QualityEvent> quality, TailRisk risk,
                         VolatilityBlend.Blended blend) {

    public Prediction {
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
        quality = quality == null ? List.of() : List.copyOf(quality);
    }

    /** Without the volatility blend. */
    public Prediction(Forecast forecast, double weight, ModelMetadata model, boolean correction,
                      List<Interval> intervals, double volatility, List<QualityEvent> quality, TailRisk risk) {
        this(forecast, weight, model, correction, intervals, volatility, quality, risk, null);
    }

    /** Without tail figures. */
    public Prediction(Forecast forecast, double weight, ModelMetadata model, boolean correction,
                      List<Interval> intervals, double volatility, List<QualityEvent> quality) {
        this(forecast, weight, model, correction, intervals, volatility, quality, null);
    }

    /** Without intervals. */
    public Prediction(Forecast forecast, double weight, ModelMetadata model, boolean correction) {
        this(forecast, weight, model, correction, List.of(), Double.NaN, List.of());
    }

    /** The date of the bar it predicts, as the service sees it: the next weekday after the bar predicted from. */
    public java.time.LocalDate targetDate() {
        return nextTradingDay(forecast.asOf());
    }

    /** The next weekday after {@code day} (exchange holidays are not known: a holiday's bar simply comes later). */
    public static java.time.LocalDate nextTradingDay(java.time.LocalDate day) {
        java.time.LocalDate next = day.plusDays(1);
        while (next.getDayOfWeek() == java.time.DayOfWeek.SATURDAY || next.getDayOfWeek() == java.time.DayOfWeek.SUNDAY) {
            next = next.plusDays(1);
        }
        return next;
    }

    /** The served log return: weight × the model's return (+0.0, never -0.0, at weight 0). */
    public double servedReturn() {
        return weight * forecast.predictedReturn() + 0.0;
    }

    /** The published close: last close × exp(served return). */
    public double servedClose() {
        return forecast.lastClose() * Math.exp(servedReturn());
    }
}
