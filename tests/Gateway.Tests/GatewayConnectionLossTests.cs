using System.Reflection;
using Gateway.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization.Invocation;

namespace Gateway.Tests;

/// <summary>
/// A call whose gateway silo died would wait out Orleans' response timeout for an answer that cannot come; the
/// gateway fails the calls in flight as soon as one of its connections to the cluster closes.
/// </summary>
public sealed class GatewayConnectionLossTests
{
    private readonly GatewayConnectionLoss _loss = new(NullLogger<GatewayConnectionLoss>.Instance);

    [Fact]
    public async Task A_call_waiting_for_its_answer_fails_as_unavailable_when_a_connection_to_the_cluster_closes()
    {
        var call = new PendingCall();
        var invoked = _loss.Invoke(call);

        _loss.NotifyGatewayCountChanged(currentNumberOfGateways: 2, previousNumberOfGateways: 3, connectionRecovered: false);

        var failure = await Assert.ThrowsAsync<SiloUnavailableException>(() => invoked);
        Assert.Contains("IAuthorizerGrain.GetTokenAsync", failure.Message);
    }

    [Fact]
    public async Task A_new_connection_fails_nothing_and_calls_made_after_a_loss_wait_for_their_answers()
    {
        var before = new PendingCall();
        var during = _loss.Invoke(before);
        _loss.NotifyGatewayCountChanged(currentNumberOfGateways: 3, previousNumberOfGateways: 2, connectionRecovered: false);
        Assert.False(during.IsCompleted);

        _loss.NotifyClusterConnectionLost();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => during);

        var after = new PendingCall();
        var answered = _loss.Invoke(after);
        Assert.False(answered.IsCompleted);
        after.Answer();
        await answered;
    }

    /// <summary>A call to an authorizer's grain whose answer comes when the test says so.</summary>
    private sealed class PendingCall : IOutgoingGrainCallContext
    {
        private readonly TaskCompletionSource _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Answer() => _answer.SetResult();

        public Task Invoke() => _answer.Task;

        public string InterfaceName => nameof(IAuthorizerGrain);
        public string MethodName => nameof(IAuthorizerGrain.GetTokenAsync);
        public object Grain => this;
        public GrainId? SourceId => null;
        public GrainId TargetId => default;
        public GrainInterfaceType InterfaceType => default;
        public MethodInfo InterfaceMethod => typeof(IAuthorizerGrain).GetMethod(nameof(IAuthorizerGrain.GetTokenAsync))!;
        public IInvokable Request => throw new NotSupportedException();
        public object? Result { get; set; }
        public Response? Response { get; set; }
        public IGrainContext? SourceContext => null;
    }
}
