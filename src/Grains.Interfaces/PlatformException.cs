namespace Grains;

/// <summary>No valid token can be handed out; <see cref="Problem"/> says why and whether waiting helps.</summary>
[GenerateSerializer]
public sealed class TokenUnavailableException : Exception
{
    public TokenUnavailableException(TokenProblem problem, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        Problem = problem;
        RetryAfter = retryAfter;
    }

    [Id(0)]
    public TokenProblem Problem { get; private set; }

    [Id(1)]
    public TimeSpan? RetryAfter { get; private set; }
}
