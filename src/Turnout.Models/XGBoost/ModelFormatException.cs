namespace Turnout.Models.XGBoost;

/// <summary>
/// A model file is malformed or uses something we do not support. Readers throw it without naming the
/// file; <see cref="XGBoostModelLoader"/> prefixes the file name and rethrows it as a <see cref="ModelLoadException"/>.
/// </summary>
internal sealed class ModelFormatException(string message) : Exception(message);
