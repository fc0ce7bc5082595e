namespace Sandbox.Crypto;

/// <summary>Refuses to start the sandbox when its cipher fails an official vector, and says it passed otherwise.</summary>
internal sealed partial class CryptoSelfCheckService(ILogger<CryptoSelfCheckService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var failures = CryptoSelfCheck.Failures();
        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"The sandbox's message crypto fails WeChat's official vectors: {string.Join(", ", failures)}.");
        }

        LogPassed(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 5021, Level = LogLevel.Information, Message = "Sandbox crypto self-check passed: its own framing reproduces WeChat's official vectors E, A and G")]
    private static partial void LogPassed(ILogger logger);
}
