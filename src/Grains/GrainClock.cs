namespace Grains;

/// <summary>
/// The service key of the <see cref="TimeProvider"/> the grains read token lifetimes from. Keyed, so tests can
/// drive token time (and, with Orleans' reminder key, reminders) without touching the runtime's own clock.
/// </summary>
public static class TokenClock
{
    public const string Key = "WeChatTokens";
}
