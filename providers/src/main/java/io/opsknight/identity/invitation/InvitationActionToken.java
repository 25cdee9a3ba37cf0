package io.opsknight.identity.invitation;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.authentication.actiontoken.DefaultActionToken;

import java.util.UUID;

/**
 * The invitation link's action token: subject = the INVITED user, {@code oki} = the invitation,
 * {@code nonce} = the link's nonce (the row keeps its digest). Signed by the realm like every
 * Keycloak action token.
 */
public class InvitationActionToken extends DefaultActionToken {

    /** Also the handler's provider id: Keycloak finds the handler by the token's type. */
    public static final String TOKEN_TYPE = "opsknight-invitation";

    private static final String JSON_FIELD_INVITATION_ID = "oki";

    @JsonProperty(JSON_FIELD_INVITATION_ID)
    private String invitationId;

    public InvitationActionToken(String userId, String invitationId, int absoluteExpirationInSecs, UUID nonce) {
        super(userId, TOKEN_TYPE, absoluteExpirationInSecs, nonce);
        this.invitationId = invitationId;
    }

    /** For JSON deserialization. */
    private InvitationActionToken() {
    }

    public String getInvitationId() {
        return invitationId;
    }

    /** The nonce as the row's digest is computed from it. */
    public String nonce() {
        return getActionVerificationNonce() == null ? null : getActionVerificationNonce().toString();
    }
}
