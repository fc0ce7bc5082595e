namespace Grains;

/// <summary>
/// The service key of the <see cref="TimeProvider"/> the grains read time from (token lifetimes, delivery backoff).
/// Keyed, so tests can drive that time (and, with Orleans' reminder key, reminders) without touching the runtime's
/// own clock. The key's value predates the messages and stays.
/// </summary>
public static class GrainClock
{
    public const string Key = "WeChatTokens";
}
