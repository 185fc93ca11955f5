namespace Custody.Keys.Kms;

/// <summary>One failed integrity check of a KMS exchange (retried by the provider; never escapes it).</summary>
internal sealed class KmsIntegrityException(string check) : Exception(check);
