namespace Grains.Interfaces;

/// <summary>
/// The platform cannot do what was asked (hand out a token, record a change, act for an account); <see cref="Problem"/>
/// says why and whether waiting helps. The alias keeps the wire name of the earlier type, so silos and gateways of
/// two versions understand each other during a rolling upgrade.
/// </summary>
[GenerateSerializer, Alias("Grains.TokenUnavailableException")]
public sealed class PlatformException : Exception
{
    public PlatformException(PlatformProblem problem, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        Problem = problem;
        RetryAfter = retryAfter;
    }

    [Id(0)]
    public PlatformProblem Problem { get; private set; }

    [Id(1)]
    public TimeSpan? RetryAfter { get; private set; }
}
