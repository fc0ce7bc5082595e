using System.ComponentModel.DataAnnotations;

namespace Grains.Messages;

/// <summary>The <c>Webhooks</c> section: how account messages reach business services and how failures are retried.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    /// <summary>How long the first delivery may take for its answer to become a passive reply (WeChat waits 5 s).</summary>
    public TimeSpan ReplyDeadline { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How long a retried delivery may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait before the first retry; each further retry waits twice as long, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A message still undelivered this long after it arrived becomes a dead letter.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Dead letters kept per platform; beyond it the oldest are dropped (and counted).</summary>
    public int DeadLetterCapacity { get; set; } = 10_000;

    /// <summary>
    /// The most connections one silo keeps open to a webhook's host; a delivery beyond them waits for one within its
    /// timeout. A burst of messages would otherwise open a connection each, on the business service and on the silo.
    /// </summary>
    [Range(1, 4096)]
    public int MaxConnections { get; set; } = 128;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReplyDeadline <= TimeSpan.Zero || ReplyDeadline >= TimeSpan.FromSeconds(5))
        {
            yield return new ValidationResult("Webhooks:ReplyDeadline must be positive and under WeChat's 5-second window.");
        }

        if (RequestTimeout <= TimeSpan.Zero || RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            yield return new ValidationResult("Webhooks:RequestTimeout and Webhooks:RetryBaseDelay must be positive, and Webhooks:RetryMaxDelay at least Webhooks:RetryBaseDelay.");
        }

        if (GiveUpAfter < RetryBaseDelay || DeadLetterCapacity < 1)
        {
            yield return new ValidationResult("Webhooks:GiveUpAfter must be at least Webhooks:RetryBaseDelay and Webhooks:DeadLetterCapacity at least 1.");
        }
    }

    public TimeSpan DelayAfter(int attempts)
    {
        var doubled = RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(attempts - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(doubled, RetryMaxDelay.Ticks));
    }
}
