namespace Gateway.Hosting;

/// <summary>
/// Fails the grain calls in flight when one of this gateway's connections to the cluster closes. A call's answer comes
/// back through the silo it was sent to; when that silo dies (kill -9, a node lost) the answer never comes, and Orleans
/// would let the caller wait out the whole response timeout (30 s) while the other silos are there to ask. The client
/// does not say which connection a call went through, so every call in flight at that moment fails at once with
/// <see cref="SiloUnavailableException"/>: a 503 to retry, or the token cache's fallback to the token it holds. Calls
/// made afterwards go through the connections left. A call that did reach a live silo may still have taken effect:
/// the answer is what was lost, as with any timeout.
/// </summary>
internal sealed partial class GatewayConnectionLoss(ILogger<GatewayConnectionLoss> logger) : IClusterConnectionStatusObserver, IOutgoingGrainCallFilter
{
    public static void AddTo(IClientBuilder client)
    {
        client.Services.AddSingleton<GatewayConnectionLoss>();
        client.Services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<GatewayConnectionLoss>());
        client.Services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<GatewayConnectionLoss>());
    }

    // Replaced, never disposed: a call may still read the token of the one just replaced.
    private CancellationTokenSource _connections = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var lost = Volatile.Read(ref _connections).Token;
        try
        {
            await context.Invoke().WaitAsync(lost);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            throw new SiloUnavailableException(
                $"A connection to the cluster closed while {context.InterfaceName}.{context.MethodName} was waiting for its answer.");
        }
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Lose(currentNumberOfGateways);
        }
    }

    public void NotifyClusterConnectionLost() => Lose(0);

    private void Lose(int connectionsLeft)
    {
        var lost = Interlocked.Exchange(ref _connections, new CancellationTokenSource());
        lost.Cancel();
        LogConnectionLost(logger, connectionsLeft);
    }

    [LoggerMessage(EventId = 1321, Level = LogLevel.Warning,
        Message = "A connection to the cluster closed ({ConnectionsLeft} left): the grain calls waiting for an answer failed at once rather than after the response timeout")]
    private static partial void LogConnectionLost(ILogger logger, int connectionsLeft);
}
