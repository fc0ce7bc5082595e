using Grains;

namespace Gateway.Tests.Support;

/// <summary>The observable state of the demo platform and account, compared before and after each push.</summary>
public sealed record PlatformState(
    DateTimeOffset? TicketReceivedAt,
    DateTimeOffset? ComponentTokenExpiresAt,
    string? ComponentProblem,
    AuthorizerStatus AccountStatus,
    DateTimeOffset? AccountTokenExpiresAt,
    int PendingMessages,
    int WebhookCalls,
    int WeChatCalls);
