using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Cluster.Tests;

/// <summary>
/// There is no Kubernetes cluster here: the overlays are rendered with kubectl and every object is validated
/// against the Kubernetes schemas and the deployment policy; the images' Dockerfiles are checked too.
/// </summary>
public sealed partial class DeploymentTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public async Task Every_overlay_renders_and_passes_the_schemas_and_the_policy_which_refuses_what_it_must()
    {
        var rendering = await RunAsync("/bin/bash", Path.Combine(Root, "scripts", "validate-k8s.sh"));
        var violations = await RunAsync("node", "validate.mjs", "fixtures/violations.yaml");

        Assert.True(rendering.ExitCode == 0, rendering.Output);
        Assert.Contains("rendered dev", rendering.Output, StringComparison.Ordinal);
        Assert.Contains("rendered production", rendering.Output, StringComparison.Ordinal);
        Assert.Contains("valid against the Kubernetes schemas and the policy", rendering.Output, StringComparison.Ordinal);

        Assert.Equal(1, violations.ExitCode);
        string[] refusals =
        [
            "schema: data/spec/template/spec/containers/0/ports/0/containerPort must be integer",
            "uses the latest tag",
            "needs a readinessProbe and a livenessProbe",
            "needs resources.requests.cpu and resources.requests.memory",
            "needs resources.limits.memory",
            "must run as non-root",
            "needs readOnlyRootFilesystem: true",
            "rolling updates need maxUnavailable: 0",
            "must be shorter than terminationGracePeriodSeconds",
            "needs a PodDisruptionBudget",
            "Secret/committed",
            "Secret/shared is read by Deployment/careless, Deployment/malformed: one Secret per workload",
            "needs a default-deny NetworkPolicy",
        ];
        Assert.All(refusals, refusal => Assert.Contains(refusal, violations.Output, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Silo")]
    [InlineData("Gateway")]
    public void The_image_is_built_in_stages_and_runs_as_a_non_root_user_from_pinned_bases(string project)
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "src", project, "Dockerfile"));
        var stages = From().Matches(dockerfile).Select(m => m.Groups["image"].Value).ToList();
        var user = User().Matches(dockerfile).Select(m => m.Groups["user"].Value).LastOrDefault();

        Assert.True(stages.Count >= 2, "a build stage and a runtime stage");
        Assert.All(stages, image => Assert.Matches(@":[^:]+$", image));
        Assert.All(stages, image => Assert.DoesNotContain(":latest", image, StringComparison.Ordinal));
        Assert.NotNull(user);
        Assert.NotEqual("0", user);
        Assert.NotEqual("root", user);
        Assert.True(dockerfile.LastIndexOf("USER ", StringComparison.Ordinal) > dockerfile.LastIndexOf("FROM ", StringComparison.Ordinal), "USER belongs to the runtime stage");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(Root, "deploy", "k8s", "validate"),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "WeChatComponentPlatform.slnx")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("Repository root not found.");
        }

        return directory.FullName;
    }

    [GeneratedRegex(@"^FROM\s+(?<image>\S+)", RegexOptions.Multiline)]
    private static partial Regex From();

    [GeneratedRegex(@"^USER\s+(?<user>\S+)", RegexOptions.Multiline)]
    private static partial Regex User();
}
