using System.ComponentModel.DataAnnotations;

namespace Grains;

/// <summary>The <c>Tokens</c> section: when tokens are refreshed and how failures are paced.</summary>
public sealed class TokenLifecycleOptions : IValidatableObject
{
    public const string Section = "Tokens";

    /// <summary>A token with less than this left is refreshed (WeChat suggests at about 1 h 50 min of 2 h).</summary>
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Callers always get a token valid at least this long.</summary>
    public TimeSpan MinimumValidity { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A refresh comes due at a random point this long after <see cref="RefreshBefore"/>, so a burst of authorizations
    /// does not become a burst of refreshes one token lifetime later.
    /// </summary>
    public TimeSpan RefreshJitter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A grain's reminder is due once per token lifetime, when the refresh comes due; this period is only the safety
    /// net that wakes the grain again while a refresh keeps failing. Orleans reminders tick at most once a minute.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>A component_verify_ticket older than this is not used (WeChat: valid 12 hours).</summary>
    public TimeSpan TicketMaxAge { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a caller waits for a ticket after asking WeChat to push one.</summary>
    public TimeSpan TicketWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>No calls for this long after WeChat answers 45009 (daily quota).</summary>
    public TimeSpan DailyQuotaBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>No calls for this long after WeChat answers 45011 (per-minute quota).</summary>
    public TimeSpan MinuteQuotaBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Retry-After offered to callers when WeChat is unreachable and no valid token exists.</summary>
    public TimeSpan UnavailableRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A token obtained because its predecessor was reported rejected is trusted this long: reports of it are answered
    /// with it and refresh nothing, so reports (or an API that rejects every token) cannot spend the refresh quota.
    /// </summary>
    public TimeSpan RejectionCooldown { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long an account's refresh, once claimed in storage, keeps other activations of the account from beginning
    /// another. Its claimer calls WeChat only in the first half of it, so every call it makes (WeChat's timeouts and
    /// retries included) has ended when it lapses. A claim still unsettled after this lost its answer, and the token
    /// held may be one WeChat has replaced.
    /// </summary>
    public TimeSpan RefreshClaimLifetime { get; set; } = TimeSpan.FromMinutes(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReminderPeriod < TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Tokens:ReminderPeriod must be at least one minute (the Orleans reminder minimum).");
        }

        if (MinimumValidity <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Tokens:MinimumValidity must be positive.");
        }

        if (RefreshJitter < TimeSpan.Zero)
        {
            yield return new ValidationResult("Tokens:RefreshJitter must not be negative.");
        }

        if (RefreshBefore - RefreshJitter - MinimumValidity <= ReminderPeriod)
        {
            yield return new ValidationResult("Tokens:RefreshBefore minus Tokens:RefreshJitter and Tokens:MinimumValidity must exceed Tokens:ReminderPeriod, so a failed refresh is retried before the token runs short.");
        }

        if (RejectionCooldown < TimeSpan.Zero || RejectionCooldown >= RefreshBefore)
        {
            yield return new ValidationResult("Tokens:RejectionCooldown must be zero or more and less than Tokens:RefreshBefore.");
        }

        if (RefreshClaimLifetime <= TimeSpan.Zero || RefreshClaimLifetime >= RefreshBefore - RefreshJitter - MinimumValidity)
        {
            yield return new ValidationResult("Tokens:RefreshClaimLifetime must be positive and less than Tokens:RefreshBefore minus Tokens:RefreshJitter and Tokens:MinimumValidity, so a lapsed claim leaves time to refresh.");
        }

        if (TicketMaxAge <= TimeSpan.Zero || TicketWait <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Tokens:TicketMaxAge and Tokens:TicketWait must be positive.");
        }
    }
}
