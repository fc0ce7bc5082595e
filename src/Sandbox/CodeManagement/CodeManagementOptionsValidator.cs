using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Sandbox.CodeManagement;

/// <summary>
/// Checks <c>Sandbox:CodeManagement</c>'s attributes when the sandbox starts: a nested section is not reached by the
/// data annotations of <see cref="SandboxOptions"/> itself.
/// </summary>
internal sealed class CodeManagementOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(options.CodeManagement, new ValidationContext(options.CodeManagement), results, validateAllProperties: true)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(r => $"Sandbox:CodeManagement:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }
}
