use domain::Locale;

macro_rules! messages {
    ($($name:ident => $en:literal, $fr:literal;)*) => {
        /// A fixed message of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($name,)* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];

            pub fn text(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((Msg::$name, Locale::En) => $en, (Msg::$name, Locale::Fr) => $fr,)*
                }
            }
        }
    };
}

messages! {
    ProductName => "Partner Settings", "Paramètres partenaire";
    AccountSettings => "Account settings", "Paramètres du compte";
    SkipToContent => "Skip to main content", "Aller au contenu principal";
    MainNavigation => "Account settings pages", "Pages des paramètres du compte";
    OpenNavigation => "Menu", "Menu";
    Loading => "Loading…", "Chargement…";
    PleaseWait => "Please wait…", "Veuillez patienter…";
    Close => "Close", "Fermer";

    Notifications => "Notifications", "Notifications";
    NoNotifications => "You have no notifications.", "Vous n'avez aucune notification.";
    Unread => "unread", "non lue(s)";
    New => "New", "Nouveau";
    WelcomeTitle => "Welcome: complete your company profile", "Bienvenue : complétez le profil de votre entreprise";
    WelcomeBody => "Your partner account is ready. Add your company's details so the platform can verify it.", "Votre compte partenaire est prêt. Ajoutez les informations de votre entreprise pour que la plateforme puisse la vérifier.";
    Settings => "Account settings", "Paramètres du compte";
    UserMenu => "Your account", "Votre compte";
    Language => "Language", "Langue";
    SignOut => "Sign out", "Se déconnecter";
    SignedInAs => "Signed in as", "Connecté en tant que";

    SignInTitle => "Sign in to Partner Settings", "Connexion aux Paramètres partenaire";
    SignInButton => "Sign in", "Se connecter";
    WorkEmail => "Work email", "Adresse e-mail professionnelle";
    Password => "Password", "Mot de passe";
    NewPartner => "New partner?", "Nouveau partenaire ?";
    CreateAccountLink => "Create an account", "Créer un compte";
    SignUpTitle => "Create your partner account", "Créez votre compte partenaire";
    SignUpIntro => "Sign up with your work email. You will be the account's first Global admin.", "Inscrivez-vous avec votre adresse e-mail professionnelle. Vous serez le premier administrateur général du compte.";
    YourName => "Your name", "Votre nom";
    CompanyLegalName => "Company legal name", "Raison sociale de l'entreprise";
    Country => "Country", "Pays";
    ChooseCountry => "Choose a country", "Choisissez un pays";
    EmailHint => "Use your company address: free-mail addresses are not accepted.", "Utilisez l'adresse de votre entreprise : les messageries gratuites ne sont pas acceptées.";
    PasswordHint => "At least 8 characters; 15 or more is safer.", "Au moins 8 caractères ; 15 ou plus, c'est plus sûr.";
    SignUpButton => "Create account", "Créer le compte";
    HaveAccount => "Already have an account?", "Vous avez déjà un compte ?";
    SignInLink => "Sign in", "Se connecter";
    FixErrors => "Check the highlighted fields.", "Vérifiez les champs signalés.";

    ErrRequired => "This field is required.", "Ce champ est obligatoire.";
    ErrForbiddenCharacters => "Remove control characters and < >.", "Retirez les caractères de contrôle et < >.";
    ErrEmailFormat => "Enter an email address like name@company.com.", "Saisissez une adresse e-mail comme nom@entreprise.com.";
    ErrPasswordTooCommon => "This password is too common. Choose another.", "Ce mot de passe est trop courant. Choisissez-en un autre.";
    ErrUnknownCountry => "Choose a country from the list.", "Choisissez un pays dans la liste.";
    ErrBadCredentials => "The email or password is incorrect.", "L'adresse e-mail ou le mot de passe est incorrect.";
    ErrUnauthenticated => "Your session has ended. Sign in again.", "Votre session a pris fin. Reconnectez-vous.";
    ErrForbidden => "You don't have permission to do this.", "Vous n'avez pas l'autorisation de faire ceci.";
    ErrNotFound => "This item no longer exists.", "Cet élément n'existe plus.";
    ErrEmailTaken => "An account already uses this email. Sign in instead.", "Un compte utilise déjà cette adresse. Connectez-vous plutôt.";
    ErrMalformed => "The request could not be read. Reload the page and try again.", "La requête est illisible. Rechargez la page et réessayez.";
    ErrInternal => "Something went wrong on our side. Try again in a moment.", "Un problème est survenu de notre côté. Réessayez dans un instant.";
    ErrNetwork => "The server can't be reached. Check your connection and try again.", "Le serveur est injoignable. Vérifiez votre connexion et réessayez.";

    OverviewTitle => "Overview", "Vue d'ensemble";
    OverviewIntro => "Find your role: who you are in this account and what you may do.", "Trouvez votre rôle : qui vous êtes dans ce compte et ce que vous pouvez faire.";
    PersonalInfo => "Personal info", "Informations personnelles";
    Name => "Name", "Nom";
    Email => "Email", "E-mail";
    Company => "Company", "Entreprise";
    PartnerId => "Partner ID", "ID partenaire";
    YourRoles => "Your roles", "Vos rôles";
    ViewPermissions => "View permissions", "Afficher les autorisations";
    HidePermissions => "Hide permissions", "Masquer les autorisations";
    PermissionsIntro => "Your roles together allow you to:", "Ensemble, vos rôles vous permettent de :";
    CanEdit => "View and change", "Consulter et modifier";
    CanView => "View only", "Consulter uniquement";

    UsersTitle => "Users", "Utilisateurs";
    UsersIntro => "Everyone who can sign in to this partner account, and their roles.", "Toutes les personnes qui peuvent se connecter à ce compte partenaire, et leurs rôles.";
    Roles => "Roles", "Rôles";
    Status => "Status", "Statut";
    StatusActive => "Active", "Actif";

    SearchUsers => "Search by name or email", "Rechercher par nom ou e-mail";
    FilterByRole => "Role", "Rôle";
    AllRoles => "All roles", "Tous les rôles";
    AddUser => "Add user", "Ajouter un utilisateur";
    AddUserTitle => "Add a user", "Ajouter un utilisateur";
    AddUserIntro => "They get an email with a link to set their password. The link works once and expires after 7 days.", "La personne reçoit un e-mail avec un lien pour choisir son mot de passe. Le lien fonctionne une fois et expire au bout de 7 jours.";
    SendInvitation => "Send invitation", "Envoyer l'invitation";
    Cancel => "Cancel", "Annuler";
    InvitationSent => "Invitation sent.", "Invitation envoyée.";
    RolesHint => "Choose at least one role.", "Choisissez au moins un rôle.";
    StatusInvited => "Invited", "Invité";
    StatusDeactivated => "Deactivated", "Désactivé";
    InvitationExpires => "link expires", "le lien expire le";
    Actions => "Actions", "Actions";
    EditRoles => "Edit roles", "Modifier les rôles";
    SaveRoles => "Save roles", "Enregistrer les rôles";
    Deactivate => "Deactivate", "Désactiver";
    Reactivate => "Reactivate", "Réactiver";
    ResendInvitation => "Resend invitation", "Renvoyer l'invitation";
    RevokeInvitation => "Revoke invitation", "Révoquer l'invitation";
    DeleteUser => "Delete", "Supprimer";
    ConfirmDelete => "Delete this user? This cannot be undone.", "Supprimer cet utilisateur ? Cette action est définitive.";
    ConfirmDeactivate => "Deactivate this user? They are signed out at once and cannot sign in.", "Désactiver cet utilisateur ? Il est déconnecté immédiatement et ne peut plus se connecter.";
    ConfirmRevoke => "Revoke this invitation? The link stops working.", "Révoquer cette invitation ? Le lien ne fonctionnera plus.";
    NoUsersMatch => "No user matches these filters.", "Aucun utilisateur ne correspond à ces filtres.";
    You => "(you)", "(vous)";
    Saved => "Saved.", "Enregistré.";
    Done => "Done.", "C'est fait.";
    Save => "Save", "Enregistrer";
    ErrLastGlobalAdmin => "The account must keep at least one active Global admin.", "Le compte doit garder au moins un administrateur général actif.";
    ErrOwnRoles => "You can't give yourself a role you don't already have.", "Vous ne pouvez pas vous attribuer un rôle que vous n'avez pas déjà.";
    ErrOwnUser => "You can't do this to your own user.", "Vous ne pouvez pas faire ceci sur votre propre utilisateur.";
    ErrInvitationUnusable => "This invitation link can no longer be used: it was already used, revoked, or it expired. Ask your administrator for a new one.", "Ce lien d'invitation n'est plus utilisable : il a déjà servi, a été révoqué ou a expiré. Demandez-en un nouveau à votre administrateur.";
    ErrNotInvited => "This user is no longer invited.", "Cet utilisateur n'est plus en attente d'invitation.";
    ErrNotActive => "This user's status changed. Reload the list.", "Le statut de cet utilisateur a changé. Rechargez la liste.";
    ErrDeactivated => "This user has been deactivated. Ask an administrator to reactivate you.", "Cet utilisateur a été désactivé. Demandez à un administrateur de vous réactiver.";
    ErrNoRole => "Choose at least one role.", "Choisissez au moins un rôle.";
    ErrStale => "Someone else saved this first.", "Quelqu'un d'autre a enregistré avant vous.";
    ConflictTitle => "Someone else saved this first", "Quelqu'un a enregistré avant vous";
    Field => "Field", "Champ";
    Theirs => "Their version", "Leur version";
    Yours => "Your version", "Votre version";
    ReapplyMine => "Reapply my changes on top", "Réappliquer mes modifications par-dessus";
    UseTheirs => "Use their version", "Utiliser leur version";
    IncentivesTitle => "Incentives", "Incentives";
    IncentivesIntro => "Who receives incentive payments and claim notifications for the company.", "Qui reçoit les paiements d'incentives et les notifications de réclamation pour l'entreprise.";
    PaymentContactName => "Incentive payment contact name", "Nom du contact pour les paiements d'incentives";
    PaymentContactEmail => "Incentive payment contact email", "E-mail du contact pour les paiements d'incentives";
    ClaimsEmail => "Claims notification email", "E-mail de notification des réclamations";
    ReadOnlyNote => "You can view these settings. Only these roles can change them:", "Vous pouvez consulter ces paramètres. Seuls ces rôles peuvent les modifier :";
    LastSavedBy => "Last saved by", "Dernier enregistrement par";
    AuditTitle => "Audit log", "Journal d'audit";
    AuditIntro => "Every change made in this account, newest first.", "Chaque modification faite dans ce compte, de la plus récente à la plus ancienne.";
    FilterUser => "User or target contains", "Utilisateur ou cible contenant";
    FilterArea => "Area", "Zone";
    AllAreas => "All areas", "Toutes les zones";
    FromDate => "From", "Du";
    ToDate => "To (inclusive)", "Au (inclus)";
    ApplyFilters => "Apply filters", "Appliquer les filtres";
    ExportCsv => "Export CSV", "Exporter en CSV";
    When => "When", "Date";
    Who => "Who", "Qui";
    What => "What", "Action";
    Target => "Target", "Cible";
    Before => "Before", "Avant";
    After => "After", "Après";
    NoEntries => "No entries match these filters.", "Aucune entrée ne correspond à ces filtres.";
    MailboxTitle => "Demo mailbox", "Boîte aux lettres de démonstration";
    MailboxIntro => "The mail the product sends. Shown only in demo mode, when no SMTP server is configured.", "Les e-mails envoyés par le produit. Affichés uniquement en mode démonstration, sans serveur SMTP configuré.";
    NoMail => "No mail yet.", "Aucun e-mail pour l'instant.";
    MailTo => "To", "À";
    SetPasswordTitle => "Set your password", "Choisissez votre mot de passe";
    NewPasswordLabel => "New password", "Nouveau mot de passe";
    SetPasswordButton => "Set password and sign in", "Définir le mot de passe et se connecter";
    InvitedAs => "You were invited to this partner account as:", "Vous avez été invité dans ce compte partenaire en tant que :";

    CompanyProfileTitle => "Company profile", "Profil de l'entreprise";
    CompanyProfileIntro => "How your company describes its business to the platform.", "Comment votre entreprise décrit son activité à la plateforme.";
    PartnershipTypes => "Partnership type", "Type de partenariat";
    ChooseAllThatApply => "Choose all that apply.", "Choisissez tout ce qui s'applique.";
    Customers => "Number of customers", "Nombre de clients";
    AnnualRevenue => "Annual revenue", "Chiffre d'affaires annuel";
    RevenueCurrency => "Revenue currency", "Devise du chiffre d'affaires";
    ChooseCurrency => "Choose a currency", "Choisissez une devise";
    ChooseOne => "Choose one", "Choisissez une option";
    CompanySize => "Company size (employees)", "Taille de l'entreprise (salariés)";
    WorkKinds => "What you want to do with the platform", "Ce que vous souhaitez faire avec la plateforme";
    BusinessCountries => "Countries where you do business", "Pays où vous exercez votre activité";
    AddCountry => "Add a country", "Ajouter un pays";
    Remove => "Remove", "Retirer";
    GrowthRegions => "Regions where you want to grow", "Régions où vous souhaitez vous développer";
    UnsavedChanges => "You have unsaved changes. Leave without saving?", "Vos modifications ne sont pas enregistrées. Quitter sans enregistrer ?";
    ErrUnknownCurrency => "Choose a currency from the list.", "Choisissez une devise dans la liste.";
    ErrUnknownChoice => "Choose from the options offered.", "Choisissez parmi les options proposées.";
    ErrNotAWholeNumber => "Enter a whole number, like 250.", "Saisissez un nombre entier, par exemple 250.";

    LegalInfoTitle => "Legal info", "Informations légales";
    LegalInfoIntro => "Your company's legal identity and all of its locations.", "L'identité légale de votre entreprise et tous ses sites.";
    LegalName => "Legal name", "Raison sociale";
    Locations => "Company locations", "Sites de l'entreprise";
    NoLocations => "No location yet. Add your legal address first.", "Aucun site pour l'instant. Ajoutez d'abord votre adresse légale.";
    AddLocation => "Add location", "Ajouter un site";
    EditLocation => "Edit", "Modifier";
    RemoveLocation => "Remove", "Retirer";
    ConfirmRemoveLocation => "Remove this location?", "Retirer ce site ?";
    LegalAddress => "Legal address", "Adresse légale";
    LegalAddressKept => "The legal address can't be removed: make another location the legal address first.", "L'adresse légale ne peut pas être retirée : désignez d'abord un autre site comme adresse légale.";
    IsLegalAddress => "This is the company's legal address", "C'est l'adresse légale de l'entreprise";
    LocationName => "Location name", "Nom du site";
    Street => "Street address", "Adresse";
    City => "City", "Ville";
    RegionLabel => "Region, state or province", "Région, État ou province";
    PostalCode => "Postal code", "Code postal";
    SuggestionTitle => "We found the standard form of this address", "Nous avons trouvé la forme standard de cette adresse";
    SuggestionIntro => "The postal rules of this country write it differently. Choose the version to save.", "Les règles postales de ce pays l'écrivent autrement. Choisissez la version à enregistrer.";
    YouTyped => "You typed", "Votre saisie";
    Suggested => "Suggested", "Suggestion";
    UseSuggested => "Use the suggested address", "Utiliser l'adresse suggérée";
    KeepMine => "Keep what I typed", "Garder ma saisie";
    ErrLegalAddress => "The legal address can't be removed: make another location the legal address first.", "L'adresse légale ne peut pas être retirée : désignez d'abord un autre site comme adresse légale.";
    ErrUnknownRegion => "This country has no region by that name.", "Ce pays n'a pas de région de ce nom.";

    LegalIdentity => "Legal identity", "Identité légale";
    EditLegalIdentity => "Edit legal identity", "Modifier l'identité légale";
    NotGiven => "Not given", "Non renseigné";
    DunsNumber => "DUNS number", "Numéro DUNS";
    DunsOptional => "DUNS number (optional)", "Numéro DUNS (facultatif)";
    DunsHint => "9 digits, as Dun & Bradstreet gives them (dashes allowed).", "9 chiffres, tels que Dun & Bradstreet les attribue (tirets acceptés).";
    HowToFill => "How do you want to fill in your company's details?", "Comment souhaitez-vous renseigner les informations de l'entreprise ?";
    SearchByDuns => "Search by DUNS number", "Rechercher par numéro DUNS";
    EnterManually => "Enter manually", "Saisir manuellement";
    Search => "Search", "Rechercher";
    Searching => "Searching…", "Recherche…";
    FoundInDirectory => "Found in the company directory: check the details below, then save.", "Trouvée dans l'annuaire des entreprises : vérifiez les informations ci-dessous, puis enregistrez.";
    LegalBackToReviewNote => "Your company is verified: saving a new legal name or legal address sends its verification back for review.", "Votre entreprise est vérifiée : enregistrer une nouvelle raison sociale ou adresse légale renvoie sa vérification en examen.";
    ErrDunsFormat => "A DUNS number has exactly 9 digits, like 15-048-3782.", "Un numéro DUNS compte exactement 9 chiffres, par exemple 15-048-3782.";
    ErrDunsUnknown => "The company directory has no company with this DUNS number. Check it, or enter your details manually.", "L'annuaire des entreprises ne connaît aucune entreprise avec ce numéro DUNS. Vérifiez-le ou saisissez vos informations manuellement.";
    ErrUnavailable => "This service is unavailable right now. Try again later, or enter the details manually.", "Ce service est indisponible pour le moment. Réessayez plus tard ou saisissez les informations manuellement.";
    ConfirmEmailTitle => "Confirm an email address", "Confirmer une adresse e-mail";
    OpenLegalInfo => "Open Legal info", "Ouvrir les informations légales";
    NewLinkSent => "A new link was sent to the same address. It works for 3 days.", "Un nouveau lien a été envoyé à la même adresse. Il est valable 3 jours.";
    SendNewLink => "Send a new link", "Envoyer un nouveau lien";
    ErrConfirmationExpired => "This confirmation link has expired.", "Ce lien de confirmation a expiré.";
    ErrConfirmationUsed => "This confirmation link was already used: the address is confirmed.", "Ce lien de confirmation a déjà servi : l'adresse est confirmée.";
    ErrConfirmationUnusable => "This confirmation link no longer works: the change was cancelled or a newer link replaced it.", "Ce lien de confirmation ne fonctionne plus : la modification a été annulée ou un lien plus récent l'a remplacé.";
    PendingConfirmation => "Pending confirmation", "En attente de confirmation";
    PendingEmailNote => "We sent a confirmation link to this address. Until it is confirmed, notices keep going to the current primary contact email.", "Nous avons envoyé un lien de confirmation à cette adresse. Tant qu'elle n'est pas confirmée, les avis restent envoyés à l'adresse actuelle du contact principal.";
    PendingEmailExpired => "The link has expired: send a new one or cancel the change.", "Le lien a expiré : envoyez-en un nouveau ou annulez la modification.";
    ResendLink => "Resend the link", "Renvoyer le lien";
    CancelChange => "Cancel the change", "Annuler la modification";
    LinkResent => "A new link was sent.", "Un nouveau lien a été envoyé.";
    InUse => "In use", "Utilisée";
    SupportDetailsTitle => "Support details", "Coordonnées du support";
    SupportDetailsIntro => "How your customers reach your support team. These details are shown to them as they are saved here.", "Comment vos clients joignent votre support. Ces informations leur sont présentées telles qu'enregistrées ici.";
    SupportContact => "Support contact", "Contact du support";
    PhoneCountry => "Country or region", "Pays ou région";
    PhoneNumber => "Phone number", "Numéro de téléphone";
    SupportPhoneHint => "As dialled in that country (01 23 45 67 89) or in international form (+33 1 23 45 67 89).", "Tel qu'on le compose dans ce pays (01 23 45 67 89) ou au format international (+33 1 23 45 67 89).";
    Website => "Support website", "Site du support";
    WebsiteHint => "Starts with https://", "Commence par https://";
    HoursEn => "Support hours (English)", "Horaires du support (anglais)";
    HoursFr => "Support hours (French)", "Horaires du support (français)";
    HoursHint => "As customers should read them, with the time zone: Mon–Fri, 9:00–18:00 CET.", "Tels que les clients doivent les lire, avec le fuseau horaire : lun.–ven., 9 h – 18 h (HNEC).";
    ErrHttpsRequired => "Use a secure address starting with https://.", "Utilisez une adresse sécurisée commençant par https://.";
    ErrUrlFormat => "Enter a web address like https://support.contoso.com.", "Saisissez une adresse web comme https://support.contoso.com.";
    TenantsTitle => "Tenants", "Locataires";
    TenantsIntro => "The directory tenants (organisations in an identity provider such as Microsoft Entra ID) where your company's users live.", "Les locataires d'annuaire (organisations d'un fournisseur d'identité comme Microsoft Entra ID) où se trouvent les utilisateurs de votre entreprise.";
    TenantIdIsMicrosoftId => "A tenant ID is also your account's Microsoft ID for that tenant.", "L'ID d'un locataire est aussi l'ID Microsoft de votre compte pour ce locataire.";
    TenantsPartnerTab => "Partner", "Partenaire";
    TenantsDeveloperTab => "Developer", "Développeur";
    AssociatePartnerTenant => "Associate a partner tenant", "Associer un locataire partenaire";
    AssociateDeveloperTenant => "Associate a developer tenant", "Associer un locataire développeur";
    AssociateTenantHelp => "You will sign in to the tenant's directory as one of its administrators: this proves that your company controls it.", "Vous vous connecterez à l'annuaire du locataire en tant que l'un de ses administrateurs : cela prouve que votre entreprise le contrôle.";
    OpeningDirectory => "Opening the directory sign-in…", "Ouverture de la connexion à l'annuaire…";
    TenantDirectoryUnavailable => "No directory is configured to associate tenants through. Ask your platform operator.", "Aucun annuaire n'est configuré pour associer des locataires. Adressez-vous à l'opérateur de la plateforme.";
    NoTenantsOfKind => "No tenant of this kind is associated.", "Aucun locataire de ce type n'est associé.";
    PrimaryTenant => "Primary", "Principal";
    TenantId => "Tenant ID", "ID du locataire";
    PrimaryDomain => "Primary domain", "Domaine principal";
    AssociatedBy => "Associated by", "Associé par";
    TenantDisplayName => "Display name", "Nom d'affichage";
    Rename => "Rename", "Renommer";
    ConfirmRemoveTenant => "Remove this tenant? Its users lose access to this workspace.", "Retirer ce locataire ? Ses utilisateurs perdent l'accès à cet espace.";
    CannotRemovePrimaryTenant => "The primary tenant cannot be removed.", "Le locataire principal ne peut pas être retiré.";
    CannotRemoveLastCommercialTenant => "The account keeps at least one partner (commercial) tenant.", "Le compte garde au moins un locataire partenaire (commercial).";
    TenantAssociated => "Tenant associated:", "Locataire associé :";
    CheckingDirectoryAnswer => "Checking the directory's answer…", "Vérification de la réponse de l'annuaire…";
    NothingAssociated => "Nothing was associated.", "Rien n'a été associé.";
    BackToTenants => "Back to tenants", "Retour aux locataires";
    ErrTenantTaken => "This tenant is associated with another partner account.", "Ce locataire est associé à un autre compte partenaire.";
    ErrTenantAlreadyAssociated => "This tenant is already associated with your account.", "Ce locataire est déjà associé à votre compte.";
    ErrSignInExpired => "This directory sign-in has expired or was already used. Start the association again.", "Cette connexion à l'annuaire a expiré ou a déjà été utilisée. Recommencez l'association.";
    ErrSignInCancelled => "The directory sign-in was cancelled: nothing was associated.", "La connexion à l'annuaire a été annulée : rien n'a été associé.";
    ErrSignInRejected => "The directory's answer could not be verified, so nothing was associated. Try again; if it persists, contact support.", "La réponse de l'annuaire n'a pas pu être vérifiée, donc rien n'a été associé. Réessayez ; si cela persiste, contactez le support.";
    ErrGuidFormat => "Enter an ID like 6a1f3c2e-8d4b-4f7a-9c21-5e0b7d3a9f14.", "Saisissez un ID comme 6a1f3c2e-8d4b-4f7a-9c21-5e0b7d3a9f14.";
    MergeTitle => "Account merge", "Fusion de comptes";
    MergeIntro => "When two partner accounts belong to one company, this account can absorb the other. It cannot be undone, so both sides agree first: this account invites, the other accepts, this account confirms.", "Lorsque deux comptes partenaires appartiennent à une même entreprise, ce compte peut absorber l'autre. C'est irréversible : les deux parties donnent d'abord leur accord. Ce compte invite, l'autre accepte, ce compte confirme.";
    MergeFindTitle => "Find the account to merge into this one", "Trouver le compte à fusionner dans celui-ci";
    MergePartnerIdLabel => "Its global partner ID", "Son ID partenaire global";
    MergePartnerIdHint => "7 digits. A location ID is not accepted: use the account's global partner ID.", "7 chiffres. Un ID d'emplacement n'est pas accepté : utilisez l'ID partenaire global du compte.";
    Find => "Find", "Rechercher";
    MergeFound => "Account found", "Compte trouvé";
    MergeMessageLabel => "Message to its administrators", "Message à ses administrateurs";
    MergeSendInvitation => "Invite to merge into this account", "Inviter à fusionner dans ce compte";
    MergeInvitationSent => "Invitation sent. Its Global admins and Account admins have been notified.", "Invitation envoyée. Ses administrateurs généraux et de compte ont été prévenus.";
    MergeHistoryTitle => "Merges", "Fusions";
    MergeNoHistory => "No merge yet.", "Aucune fusion pour l'instant.";
    MergeWeInvited => "We invited", "Nous avons invité";
    MergeWeWereInvited => "Invited us", "Nous a invités";
    MergeStateInvited => "Awaiting answer", "En attente de réponse";
    MergeStateAccepted => "Accepted, awaiting confirmation", "Acceptée, en attente de confirmation";
    MergeStateDeclined => "Declined", "Refusée";
    MergeStateExpired => "Expired", "Expirée";
    MergeStateCancelled => "Cancelled", "Annulée";
    MergeStateCompleted => "Completed", "Terminée";
    MergeInvitedOn => "Invited", "Invitation";
    MergeExpiresOn => "Expires", "Expire le";
    MergeAnswered => "Answered", "Réponse";
    MergeFinished => "Finished", "Clôture";
    MergeReason => "Reason", "Motif";
    MergeMessageShown => "Message", "Message";
    MergeAccept => "Review and accept", "Examiner et accepter";
    MergeDecline => "Decline", "Refuser";
    MergeCancel => "Cancel the invitation", "Annuler l'invitation";
    MergeConfirm => "Confirm the merge", "Confirmer la fusion";
    MergeDeclineReasonLabel => "Why do you decline?", "Pourquoi refusez-vous ?";
    MergePreviewTitle => "What accepting will do", "Ce que l'acceptation entraînera";
    MergePreviewSurvivor => "This account will be merged into", "Ce compte sera fusionné dans";
    MergePreviewUsers => "users keep their roles and will work in that account's workspace", "utilisateurs gardent leurs rôles et travailleront dans l'espace de ce compte";
    MergePreviewLocations => "locations (this account included, its partner ID becoming a location ID) become locations of that account", "emplacements (ce compte compris, son ID partenaire devenant un ID d'emplacement) deviennent des emplacements de ce compte";
    MergePreviewTenants => "tenants stay associated, with that account", "locataires restent associés, avec ce compte";
    MergePreviewIrreversible => "This account then becomes read-only. It cannot be undone. The merge happens only when the inviting account confirms.", "Ce compte devient ensuite en lecture seule. C'est irréversible. La fusion n'a lieu que lorsque le compte qui invite la confirme.";
    MergeAcceptConfirm => "Accept the merge", "Accepter la fusion";
    ConfirmMergeQuestion => "Merge the other account into this one now? It cannot be undone.", "Fusionner maintenant l'autre compte dans celui-ci ? C'est irréversible.";
    ConfirmCancelMerge => "Cancel this invitation to merge?", "Annuler cette invitation à fusionner ?";
    MergeCheckPayout => "The merge is complete. Check the payout and tax details of this account.", "La fusion est terminée. Vérifiez les informations de paiement et fiscales de ce compte.";
    MergeInvitedTitle => "Invitation to merge", "Invitation à fusionner";
    MergeInvitedBody => "Another partner account invites yours to merge into it. Answer it under Account merge.", "Un autre compte partenaire invite le vôtre à fusionner dans le sien. Répondez dans Fusion de comptes.";
    MergeAcceptedTitle => "Merge accepted", "Fusion acceptée";
    MergeAcceptedBody => "The invited account accepted to merge. Confirm it under Account merge.", "Le compte invité a accepté la fusion. Confirmez-la dans Fusion de comptes.";
    MergeDeclinedTitle => "Merge declined", "Fusion refusée";
    MergeDeclinedBody => "The invited account declined to merge. The reason is under Account merge.", "Le compte invité a refusé la fusion. Le motif figure dans Fusion de comptes.";
    MergeCancelledTitle => "Invitation to merge cancelled", "Invitation à fusionner annulée";
    MergeCancelledBody => "The account that invited yours to merge cancelled its invitation.", "Le compte qui avait invité le vôtre à fusionner a annulé son invitation.";
    MergeCompletedTitle => "Accounts merged", "Comptes fusionnés";
    MergeCompletedBody => "The merge is complete. Check the payout and tax details.", "La fusion est terminée. Vérifiez les informations de paiement et fiscales.";
    ErrMergeWithSelf => "This is your own account's partner ID.", "C'est l'ID partenaire de votre propre compte.";
    ErrMergePendingOurs => "Your account already takes part in a merge that is not finished.", "Votre compte participe déjà à une fusion non terminée.";
    ErrMergePendingTheirs => "That account already takes part in a merge that is not finished.", "Ce compte participe déjà à une fusion non terminée.";
    ErrAccountMerged => "That account was merged into another one.", "Ce compte a été fusionné dans un autre.";
    ErrMergeCrossInvitation => "That account has already invited yours to merge: answer its invitation below.", "Ce compte a déjà invité le vôtre à fusionner : répondez à son invitation ci-dessous.";
    ErrMergeStep => "This merge has moved on since the page was loaded.", "Cette fusion a évolué depuis le chargement de la page.";
    ErrMergeExpired => "This invitation to merge has expired.", "Cette invitation à fusionner a expiré.";
    ErrPartnerIdFormat => "A partner ID is 7 digits, like 4871203.", "Un ID partenaire compte 7 chiffres, comme 4871203.";
    ErrLocationIdGiven => "This is a location ID. Use the account's global partner ID.", "C'est un ID d'emplacement. Utilisez l'ID partenaire global du compte.";
    Address => "Address", "Adresse";
    Update => "Update", "Mettre à jour";
    NotSetYet => "Not set yet.", "Pas encore renseigné.";
    LastChangedBy => "Last changed by", "Dernière modification par";
    PublisherDisplayName => "Publisher display name", "Nom d'affichage de l'éditeur";
    PublisherDisplayNameHint => "Shown to customers on your offers and apps; up to 50 characters.", "Affiché aux clients sur vos offres et applications ; 50 caractères au plus.";
    SellerContact => "Seller contact", "Contact vendeur";
    CompanyApprover => "Company approver", "Approbateur de l'entreprise";
    IdentifiersTitle => "Identifiers", "Identifiants";
    IdentifiersIntro => "The platform assigns these identifiers; they never change. Copy them where a program, a customer or a tool asks for them.", "La plateforme attribue ces identifiants ; ils ne changent jamais. Copiez-les là où un programme, un client ou un outil les demande.";
    PartnerIdAbout => "Your account's global partner ID, assigned at sign-up.", "L'ID partenaire global de votre compte, attribué à l'inscription.";
    LocationIds => "Location IDs", "ID des sites";
    LocationId => "location ID", "ID du site";
    LocationIdsAbout => "One per company location. Only the platform's reviewers remove them.", "Un par site de l'entreprise. Seuls les examinateurs de la plateforme les suppriment.";
    NoLocationIds => "No location yet: each location you add gets its ID.", "Aucun site pour l'instant : chaque site ajouté reçoit son ID.";
    PublisherId => "Publisher ID", "ID éditeur";
    PublisherIdNotIssued => "Not issued yet: the commercial marketplace publisher program issues it when the company enrols.", "Pas encore attribué : le programme éditeur de la place de marché commerciale l'attribue lors de l'inscription de l'entreprise.";
    WindowsPublisherId => "Windows publisher ID", "ID éditeur Windows";
    WindowsPublisherIdNotIssued => "Not issued yet: the Windows and games developer program issues it (as CN= and a GUID, the form app packages use) when the company enrols.", "Pas encore attribué : le programme développeur Windows et jeux l'attribue (sous la forme CN= et un GUID, celle des packages d'application) lors de l'inscription de l'entreprise.";
    Copy => "Copy", "Copier";
    Copied => "Copied", "Copié";
    CopyFailed => "Could not copy: select the value and copy it by hand.", "Copie impossible : sélectionnez la valeur et copiez-la manuellement.";
    BackToReviewNote => "Your company is verified: saving a new legal address sends its verification back for review.", "Votre entreprise est vérifiée : enregistrer une nouvelle adresse légale renvoie sa vérification en examen.";
    ContactsTitle => "Contacts", "Contacts";
    PrimaryContact => "Primary contact", "Contact principal";
    LegalContact => "Primary legal contact", "Contact juridique principal";
    Phone => "Phone", "Téléphone";
    PhoneHint => "International form, starting with + and the country code.", "Format international, commençant par + et l'indicatif du pays.";
    ErrPhoneFormat => "Enter the number in international form, like +33 1 23 45 67 89.", "Saisissez le numéro au format international, par exemple +33 1 23 45 67 89.";
    VerificationTitle => "Verification", "Vérification";
    VerificationIntro => "The platform verifies your company's legal information before some programs open.", "La plateforme vérifie les informations légales de votre entreprise avant l'ouverture de certains programmes.";
    SubmitForVerification => "Submit for verification", "Soumettre pour vérification";
    YourAnswer => "Your answer to the reviewer", "Votre réponse à l'examinateur";
    SendAnswer => "Send answer", "Envoyer la réponse";
    History => "History", "Historique";
    NoHistory => "Nothing yet.", "Rien pour l'instant.";
    ReviewTitle => "Review queue", "File de vérification";
    ReviewIntro => "Companies waiting for a decision, oldest first.", "Entreprises en attente d'une décision, de la plus ancienne à la plus récente.";
    ReviewEmpty => "No company is waiting.", "Aucune entreprise n'est en attente.";
    OpenCompany => "Open", "Ouvrir";
    StartReview => "Start review", "Commencer l'examen";
    AskForInformation => "Ask for information", "Demander des informations";
    Approve => "Approve", "Approuver";
    Reject => "Reject", "Refuser";
    ReasonLabel => "Reason (sent to the company)", "Motif (envoyé à l'entreprise)";
    BackToQueue => "Back to the queue", "Retour à la file";
    OnlyReviewers => "Only the platform's reviewers can open this page.", "Seuls les examinateurs de la plateforme peuvent ouvrir cette page.";
    VerificationUpdatedTitle => "Your company's verification was updated", "La vérification de votre entreprise a été mise à jour";
    VerificationUpdatedBody => "A platform reviewer took a step on your verification. Open Legal info to see it.", "Un examinateur de la plateforme a fait évoluer votre vérification. Ouvrez Informations légales pour la consulter.";
    ErrVerificationStep => "This step doesn't apply at this stage of the verification. Reload the page.", "Cette étape ne s'applique pas à ce stade de la vérification. Rechargez la page.";

    NotFoundTitle => "Page not found", "Page introuvable";
    NotFoundBody => "This address doesn't match any page of the workspace.", "Cette adresse ne correspond à aucune page de l'espace.";
    GoToOverview => "Go to the overview", "Aller à la vue d'ensemble";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_a_text_in_both_languages() {
        for msg in Msg::ALL {
            for locale in Locale::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} {locale:?}");
            }
        }
    }
}
