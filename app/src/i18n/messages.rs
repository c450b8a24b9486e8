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
