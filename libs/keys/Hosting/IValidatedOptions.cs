namespace Custody.Keys.Hosting;

/// <summary>Options that validate themselves at the configuration boundary.</summary>
public interface IValidatedOptions
{
    /// <summary>Every problem with the options (empty when valid). Never includes secret values.</summary>
    IReadOnlyList<string> Validate();
}
