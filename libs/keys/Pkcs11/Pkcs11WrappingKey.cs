using Custody.Keys.Sealing;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Custody.Keys.Pkcs11;

/// <summary>
/// The AES-256 wrapping key inside the token: generated in the HSM as a private token object with
/// CKA_SENSITIVE=true and CKA_EXTRACTABLE=false (its value can never be read or wrapped out), usable only
/// to encrypt/decrypt. On lookup every protection is re-checked and a key that lacks one is refused.
/// </summary>
internal static class Pkcs11WrappingKey
{
    private const ulong KeySizeBytes = 32;

    private static readonly List<CKA> CheckedAttributes =
    [
        CKA.CKA_KEY_TYPE, CKA.CKA_VALUE_LEN, CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE,
        CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_NEVER_EXTRACTABLE, CKA.CKA_ENCRYPT, CKA.CKA_DECRYPT, CKA.CKA_PRIVATE,
    ];

    /// <summary>Generates the key under <paramref name="label"/>; refuses if a key with that label exists.</summary>
    public static IObjectHandle Generate(ISession session, Pkcs11InteropFactories factories, string label)
    {
        if (session.FindAllObjects(SearchTemplate(factories, label)).Count != 0)
        {
            throw new KeySealingException(KeySealingError.WrappingKeyInvalid, $"A secret key labelled '{label}' already exists in the token; refusing to create another.");
        }

        var attributes = factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute>
        {
            attributes.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            attributes.Create(CKA.CKA_KEY_TYPE, CKK.CKK_AES),
            attributes.Create(CKA.CKA_VALUE_LEN, KeySizeBytes),
            attributes.Create(CKA.CKA_LABEL, label),
            attributes.Create(CKA.CKA_TOKEN, true),
            attributes.Create(CKA.CKA_PRIVATE, true),
            attributes.Create(CKA.CKA_SENSITIVE, true),
            attributes.Create(CKA.CKA_EXTRACTABLE, false),
            attributes.Create(CKA.CKA_MODIFIABLE, false),
            attributes.Create(CKA.CKA_ENCRYPT, true),
            attributes.Create(CKA.CKA_DECRYPT, true),
            attributes.Create(CKA.CKA_WRAP, false),
            attributes.Create(CKA.CKA_UNWRAP, false),
            attributes.Create(CKA.CKA_SIGN, false),
            attributes.Create(CKA.CKA_VERIFY, false),
            attributes.Create(CKA.CKA_DERIVE, false),
        };
        using var mechanism = factories.MechanismFactory.Create(CKM.CKM_AES_KEY_GEN);
        return session.GenerateKey(mechanism, template);
    }

    /// <summary>Finds exactly one key labelled <paramref name="label"/> and checks its protections.</summary>
    public static IObjectHandle FindAndVerify(ISession session, Pkcs11InteropFactories factories, string label)
    {
        var found = session.FindAllObjects(SearchTemplate(factories, label));
        if (found.Count != 1)
        {
            throw new KeySealingException(
                KeySealingError.WrappingKeyInvalid,
                found.Count == 0
                    ? $"No secret key labelled '{label}' in the token. Create it first (Pkcs11KeyEncryptionProvider.CreateWrappingKey, see docs/keys.md)."
                    : $"{found.Count} secret keys are labelled '{label}' in the token; the label must be unique.");
        }

        var values = session.GetAttributeValue(found[0], CheckedAttributes);
        var problems = new List<string>();
        Require(values[0].GetValueAsUlong() == (ulong)CKK.CKK_AES, "it is not an AES key", problems);
        Require(values[1].GetValueAsUlong() == KeySizeBytes, "it is not 256 bits", problems);
        Require(values[2].GetValueAsBool(), "CKA_SENSITIVE is false", problems);
        Require(!values[3].GetValueAsBool(), "CKA_EXTRACTABLE is true", problems);
        Require(values[4].GetValueAsBool(), "CKA_ALWAYS_SENSITIVE is false (the value was exposed once)", problems);
        Require(values[5].GetValueAsBool(), "CKA_NEVER_EXTRACTABLE is false (it was extractable once)", problems);
        Require(values[6].GetValueAsBool() && values[7].GetValueAsBool(), "it cannot both encrypt and decrypt", problems);
        Require(values[8].GetValueAsBool(), "it is not a private object", problems);
        return problems.Count == 0
            ? found[0]
            : throw new KeySealingException(KeySealingError.WrappingKeyInvalid, $"The wrapping key '{label}' is refused: {string.Join("; ", problems)}.");
    }

    private static List<IObjectAttribute> SearchTemplate(Pkcs11InteropFactories factories, string label) =>
    [
        factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
        factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label),
    ];

    private static void Require(bool condition, string problem, List<string> problems)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}
