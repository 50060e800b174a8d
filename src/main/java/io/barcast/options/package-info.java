/**
 * Command-line options shared by the {@code cli} and {@code bench} commands, as picocli mixins. Options that
 * stand for a Barcast key set that key ({@link io.barcast.options.ModelOptions#properties()}), so that flags,
 * {@code --set} and {@code --config} are read by the one {@link io.barcast.config.ConfigReader}.
 */
package io.barcast.options;
