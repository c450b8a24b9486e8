//! The program agreements: the terms a company accepts when it enrols, one text per program and
//! version, in English and French, kept here as data ([`AGREEMENTS`]) and nowhere else.
//!
//! A program's current agreement is its latest version in the table ([`current`]): a new
//! version is added below the ones it replaces when it takes effect, and the earlier ones stay,
//! so every enrolment can still show the text it accepted ([`find`]). Enrolling names the
//! version the page showed; the server refuses any other than the current one. The first
//! version of every program is [`FIRST_VERSION`], which enrolments recorded before versions
//! were kept are taken to have accepted.

use serde::{Deserialize, Serialize};

use super::ProgramCode;
use crate::locale::Locale;

/// The version every program's first agreement carries.
pub const FIRST_VERSION: &str = "1.0";

/// One section of an agreement: its heading and its paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    pub heading: &'static str,
    pub paragraphs: &'static [&'static str],
}

/// One version of a program's agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreement {
    pub program: ProgramCode,
    /// `major.minor`, as the page and the audit log show it.
    pub version: &'static str,
    /// The day it took effect, `YYYY-MM-DD`.
    pub effective: &'static str,
    pub en: &'static [Section],
    pub fr: &'static [Section],
}

impl Agreement {
    pub fn sections(&self, locale: Locale) -> &'static [Section] {
        match locale {
            Locale::En => self.en,
            Locale::Fr => self.fr,
        }
    }
}

/// The current agreement of `program`: its latest version.
pub fn current(program: ProgramCode) -> &'static Agreement {
    AGREEMENTS
        .iter()
        .rev()
        .find(|a| a.program == program)
        .expect("every program has an agreement")
}

/// The agreement of `program` at `version`, if there is one.
pub fn find(program: ProgramCode, version: &str) -> Option<&'static Agreement> {
    AGREEMENTS
        .iter()
        .find(|a| a.program == program && a.version == version)
}

/// A section as the agreement page receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionText {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// An agreement as the agreement page receives it: both languages, so switching language needs
/// no new request, and which version is current.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementDocument {
    pub program: ProgramCode,
    pub version: String,
    /// `YYYY-MM-DD`.
    pub effective: String,
    /// The program's current version (the same as `version` unless an earlier one was asked).
    pub current_version: String,
    pub en: Vec<SectionText>,
    pub fr: Vec<SectionText>,
}

impl AgreementDocument {
    pub fn sections(&self, locale: Locale) -> &[SectionText] {
        match locale {
            Locale::En => &self.en,
            Locale::Fr => &self.fr,
        }
    }
}

impl From<&Agreement> for AgreementDocument {
    fn from(a: &Agreement) -> Self {
        let texts = |sections: &[Section]| {
            sections
                .iter()
                .map(|s| SectionText {
                    heading: s.heading.to_owned(),
                    paragraphs: s.paragraphs.iter().map(|p| (*p).to_owned()).collect(),
                })
                .collect()
        };
        AgreementDocument {
            program: a.program,
            version: a.version.to_owned(),
            effective: a.effective.to_owned(),
            current_version: current(a.program).version.to_owned(),
            en: texts(a.en),
            fr: texts(a.fr),
        }
    }
}

/// Every agreement, each program's versions oldest first.
pub const AGREEMENTS: &[Agreement] = &[
    Agreement {
        program: ProgramCode::PartnerNetwork,
        version: "1.0",
        effective: "2025-09-01",
        en: &[
            Section {
                heading: "1. Scope",
                paragraphs: &[
                    "This agreement governs your company's membership of our partner network. Membership lets you use the partner workspace, take part in the programs that build on it and present yourself as a member of the network. It does not make you our agent or employee, and it does not give you any right to use our trademarks beyond the partner logo and guidelines we provide.",
                ],
            },
            Section {
                heading: "2. Your obligations",
                paragraphs: &[
                    "You keep your company's legal information, company profile and contacts accurate and up to date, and you let us verify them. You give each of your users only the roles they need, and you remain responsible for what they do in the workspace.",
                    "You comply with the laws that apply to your business, including anti-corruption, export control and sanctions laws, and you do not describe your relationship with us in a misleading way.",
                ],
            },
            Section {
                heading: "3. Data use",
                paragraphs: &[
                    "We use the information you give us to verify your company, to run the network and its programs, to contact the people you name, and to prevent fraud. We keep it while you are a member and afterwards for as long as the law requires. We do not sell it, and we share it only with the service providers who help us run the network, under confidentiality obligations.",
                ],
            },
            Section {
                heading: "4. Term and termination",
                paragraphs: &[
                    "Membership starts when a reviewer approves your enrolment and continues until either party ends it. You may leave at any time from the Programs page. We may suspend or end your membership if a requirement stops being met, or if you breach this agreement, and we tell your Global admins when we do.",
                ],
            },
        ],
        fr: &[
            Section {
                heading: "1. Objet",
                paragraphs: &[
                    "Le présent contrat régit l'adhésion de votre entreprise à notre réseau de partenaires. L'adhésion vous permet d'utiliser l'espace partenaire, de participer aux programmes qui s'appuient sur lui et de vous présenter comme membre du réseau. Elle ne fait pas de vous notre mandataire ni notre salarié et ne vous donne aucun droit d'utiliser nos marques au-delà du logo partenaire et des règles que nous fournissons.",
                ],
            },
            Section {
                heading: "2. Vos obligations",
                paragraphs: &[
                    "Vous tenez exactes et à jour les informations légales, le profil et les contacts de votre entreprise, et vous nous permettez de les vérifier. Vous n'attribuez à chacun de vos utilisateurs que les rôles dont il a besoin et vous restez responsable de ce qu'il fait dans l'espace.",
                    "Vous respectez les lois applicables à votre activité, notamment en matière de lutte contre la corruption, de contrôle des exportations et de sanctions, et vous ne présentez pas votre relation avec nous de façon trompeuse.",
                ],
            },
            Section {
                heading: "3. Utilisation des données",
                paragraphs: &[
                    "Nous utilisons les informations que vous nous fournissez pour vérifier votre entreprise, faire fonctionner le réseau et ses programmes, contacter les personnes que vous désignez et prévenir la fraude. Nous les conservons tant que vous êtes membre, puis aussi longtemps que la loi l'exige. Nous ne les vendons pas et ne les communiquons qu'aux prestataires qui nous aident à faire fonctionner le réseau, tenus à la confidentialité.",
                ],
            },
            Section {
                heading: "4. Durée et résiliation",
                paragraphs: &[
                    "L'adhésion commence lorsqu'un examinateur approuve votre inscription et se poursuit jusqu'à ce que l'une des parties y mette fin. Vous pouvez la quitter à tout moment depuis la page Programmes. Nous pouvons suspendre ou résilier votre adhésion si une condition cesse d'être remplie ou si vous manquez au présent contrat ; nous en informons alors vos administrateurs généraux.",
                ],
            },
        ],
    },
    Agreement {
        program: ProgramCode::CspDirectBill,
        version: "1.0",
        effective: "2025-09-01",
        en: &[
            Section {
                heading: "1. Scope",
                paragraphs: &[
                    "This agreement lets your company resell our cloud services directly to its customers as a Cloud Solution Provider: you buy the services from us, set your own prices, bill your customers yourself and give them first-line support. It adds to the partner network agreement, which continues to apply.",
                ],
            },
            Section {
                heading: "2. Your obligations",
                paragraphs: &[
                    "You have each customer accept our customer agreement before you provision services for them. You provide your customers with technical support at the level described in the program guide, and you escalate to us only what you cannot solve.",
                    "You pay our invoices within 30 days, whether or not your customers have paid you. You keep a payout account, a tax profile and at least two admins on your account, so that someone can always act for your company.",
                ],
            },
            Section {
                heading: "3. Data use",
                paragraphs: &[
                    "We use your customers' tenant and subscription data to provision and bill the services, and we share usage and billing data with you for your customers only. You use that data only to serve and bill those customers, and you protect it as our customer agreement requires.",
                ],
            },
            Section {
                heading: "4. Term and termination",
                paragraphs: &[
                    "The agreement starts when a reviewer approves your enrolment and runs for one year, renewed automatically each year. Either party may end it with 30 days' notice. If you leave or we end the agreement, you move your customers to another provider or to us within 90 days, and you remain liable for the services used until then.",
                ],
            },
        ],
        fr: &[
            Section {
                heading: "1. Objet",
                paragraphs: &[
                    "Le présent contrat permet à votre entreprise de revendre directement nos services cloud à ses clients en tant que fournisseur de solutions cloud : vous nous achetez les services, fixez vos propres prix, facturez vous-même vos clients et leur apportez le support de premier niveau. Il complète le contrat du réseau de partenaires, qui reste applicable.",
                ],
            },
            Section {
                heading: "2. Vos obligations",
                paragraphs: &[
                    "Vous faites accepter notre contrat client à chaque client avant de lui fournir des services. Vous apportez à vos clients un support technique du niveau décrit dans le guide du programme et ne nous transmettez que ce que vous ne pouvez pas résoudre.",
                    "Vous réglez nos factures sous 30 jours, que vos clients vous aient payé ou non. Vous tenez à jour un compte de paiement, un profil fiscal et au moins deux administrateurs sur votre compte, afin que quelqu'un puisse toujours agir pour votre entreprise.",
                ],
            },
            Section {
                heading: "3. Utilisation des données",
                paragraphs: &[
                    "Nous utilisons les données de locataire et d'abonnement de vos clients pour fournir et facturer les services, et nous vous communiquons les données d'utilisation et de facturation de vos seuls clients. Vous n'utilisez ces données que pour servir et facturer ces clients et vous les protégez comme l'exige notre contrat client.",
                ],
            },
            Section {
                heading: "4. Durée et résiliation",
                paragraphs: &[
                    "Le contrat commence lorsqu'un examinateur approuve votre inscription et court pour un an, renouvelé automatiquement chaque année. Chaque partie peut y mettre fin avec un préavis de 30 jours. Si vous partez ou si nous résilions le contrat, vous transférez vos clients à un autre fournisseur ou à nous sous 90 jours et restez redevable des services utilisés jusque-là.",
                ],
            },
        ],
    },
    Agreement {
        program: ProgramCode::CspIndirectReseller,
        version: "1.0",
        effective: "2025-09-01",
        en: &[
            Section {
                heading: "1. Scope",
                paragraphs: &[
                    "This agreement lets your company sell our cloud services to its customers through an authorised indirect provider, who buys the services from us, bills you and supports you. It adds to the partner network agreement, which continues to apply.",
                ],
            },
            Section {
                heading: "2. Your obligations",
                paragraphs: &[
                    "You work with one or more indirect providers that we have authorised, on the terms you agree with them. You have each customer accept our customer agreement before services are provisioned for them, and you sell the services only in the countries where your company is established.",
                    "Your prices and payment terms are between you and your indirect provider: we do not bill you under this agreement.",
                ],
            },
            Section {
                heading: "3. Data use",
                paragraphs: &[
                    "We share with your indirect provider the information about your company that it needs to work with you, and we share with you the usage data of your own customers. You use customer data only to serve those customers.",
                ],
            },
            Section {
                heading: "4. Term and termination",
                paragraphs: &[
                    "The agreement starts as soon as you enrol and continues until either party ends it. You may leave at any time from the Programs page; your customers' subscriptions then stay with your indirect provider. We may end the agreement if a requirement stops being met or if you breach it, and we tell your Global admins when we do.",
                ],
            },
        ],
        fr: &[
            Section {
                heading: "1. Objet",
                paragraphs: &[
                    "Le présent contrat permet à votre entreprise de vendre nos services cloud à ses clients par l'intermédiaire d'un fournisseur indirect agréé, qui nous achète les services, vous les facture et vous accompagne. Il complète le contrat du réseau de partenaires, qui reste applicable.",
                ],
            },
            Section {
                heading: "2. Vos obligations",
                paragraphs: &[
                    "Vous travaillez avec un ou plusieurs fournisseurs indirects que nous avons agréés, aux conditions que vous convenez avec eux. Vous faites accepter notre contrat client à chaque client avant que des services lui soient fournis et vous ne vendez les services que dans les pays où votre entreprise est établie.",
                    "Vos prix et conditions de paiement se règlent entre vous et votre fournisseur indirect : nous ne vous facturons rien au titre du présent contrat.",
                ],
            },
            Section {
                heading: "3. Utilisation des données",
                paragraphs: &[
                    "Nous communiquons à votre fournisseur indirect les informations sur votre entreprise dont il a besoin pour travailler avec vous, et nous vous communiquons les données d'utilisation de vos propres clients. Vous n'utilisez les données des clients que pour servir ces clients.",
                ],
            },
            Section {
                heading: "4. Durée et résiliation",
                paragraphs: &[
                    "Le contrat commence dès votre inscription et se poursuit jusqu'à ce que l'une des parties y mette fin. Vous pouvez le quitter à tout moment depuis la page Programmes ; les abonnements de vos clients restent alors chez votre fournisseur indirect. Nous pouvons résilier le contrat si une condition cesse d'être remplie ou si vous y manquez ; nous en informons alors vos administrateurs généraux.",
                ],
            },
        ],
    },
    Agreement {
        program: ProgramCode::MarketplacePublisher,
        version: "1.0",
        effective: "2025-09-01",
        en: &[
            Section {
                heading: "1. Scope",
                paragraphs: &[
                    "This agreement lets your company publish offers (software, services and consulting) in our commercial marketplace and sell them to our customers. We list your offers, take the orders, collect the payments and pay you your share; you remain the seller of record of what you offer.",
                ],
            },
            Section {
                heading: "2. Your obligations",
                paragraphs: &[
                    "Your offers are accurate, work as described, and respect our marketplace policies; you keep them up to date and support the customers who buy them. You own or have licensed everything you publish.",
                    "We keep a store service fee of 3% of each sale and pay you the rest each month, to the payout account on your profile, once the customer has paid. You keep your payout account and tax profile complete so that we can pay you and report your earnings.",
                ],
            },
            Section {
                heading: "3. Data use",
                paragraphs: &[
                    "We share with you the contact and order details of the customers who buy your offers, so that you can deliver and support them, and aggregated reports on your offers' performance. You use customer data only for those purposes and delete it when you no longer need it.",
                ],
            },
            Section {
                heading: "4. Term and termination",
                paragraphs: &[
                    "The agreement starts when a reviewer approves your enrolment and continues until either party ends it. You may leave at any time from the Programs page; your offers are then removed from the marketplace, and you keep serving the customers who bought them until their subscriptions end. We may remove an offer or end the agreement if you breach our policies.",
                ],
            },
        ],
        fr: &[
            Section {
                heading: "1. Objet",
                paragraphs: &[
                    "Le présent contrat permet à votre entreprise de publier des offres (logiciels, services et conseil) sur notre place de marché commerciale et de les vendre à nos clients. Nous référençons vos offres, prenons les commandes, encaissons les paiements et vous reversons votre part ; vous restez le vendeur de ce que vous proposez.",
                ],
            },
            Section {
                heading: "2. Vos obligations",
                paragraphs: &[
                    "Vos offres sont exactes, fonctionnent comme décrit et respectent nos règles de la place de marché ; vous les tenez à jour et assurez le support des clients qui les achètent. Vous êtes titulaire des droits sur tout ce que vous publiez, ou en détenez la licence.",
                    "Nous retenons des frais de service de 3 % sur chaque vente et vous versons le reste chaque mois, sur le compte de paiement de votre profil, une fois le client ayant payé. Vous tenez complets votre compte de paiement et votre profil fiscal afin que nous puissions vous payer et déclarer vos revenus.",
                ],
            },
            Section {
                heading: "3. Utilisation des données",
                paragraphs: &[
                    "Nous vous communiquons les coordonnées et les commandes des clients qui achètent vos offres, afin que vous puissiez les livrer et les accompagner, ainsi que des rapports agrégés sur les performances de vos offres. Vous n'utilisez les données des clients qu'à ces fins et les supprimez lorsque vous n'en avez plus besoin.",
                ],
            },
            Section {
                heading: "4. Durée et résiliation",
                paragraphs: &[
                    "Le contrat commence lorsqu'un examinateur approuve votre inscription et se poursuit jusqu'à ce que l'une des parties y mette fin. Vous pouvez le quitter à tout moment depuis la page Programmes ; vos offres sont alors retirées de la place de marché et vous continuez de servir les clients qui les ont achetées jusqu'à la fin de leurs abonnements. Nous pouvons retirer une offre ou résilier le contrat si vous manquez à nos règles.",
                ],
            },
        ],
    },
    Agreement {
        program: ProgramCode::WindowsDeveloper,
        version: "1.0",
        effective: "2025-09-01",
        en: &[
            Section {
                heading: "1. Scope",
                paragraphs: &[
                    "This agreement lets your company publish Windows apps and games in the Store under its Windows publisher ID. We distribute your apps to customers, process their purchases and pay you your share.",
                ],
            },
            Section {
                heading: "2. Your obligations",
                paragraphs: &[
                    "Your apps pass our certification before they are published, respect our Store policies and do not harm customers' devices or data. You own or have licensed everything in them, and you support the customers who get them.",
                    "We keep a Store fee of 15% on app sales and 12% on games and pay you the rest each month.",
                ],
            },
            Section {
                heading: "3. Data use",
                paragraphs: &[
                    "We give you reports on your apps' acquisitions, usage, crashes and reviews. Crash and usage data is aggregated and does not identify customers. You use it only to improve and support your apps.",
                ],
            },
            Section {
                heading: "4. Term and termination",
                paragraphs: &[
                    "The agreement starts as soon as you enrol and continues until either party ends it. You may leave at any time from the Programs page; your apps are then no longer offered to new customers. We may remove an app or end the agreement if you breach our policies.",
                ],
            },
        ],
        fr: &[
            Section {
                heading: "1. Objet",
                paragraphs: &[
                    "Le présent contrat permet à votre entreprise de publier des applications et des jeux Windows dans le Store sous son identifiant d'éditeur Windows. Nous distribuons vos applications aux clients, traitons leurs achats et vous reversons votre part.",
                ],
            },
            Section {
                heading: "2. Vos obligations",
                paragraphs: &[
                    "Vos applications passent notre certification avant d'être publiées, respectent nos règles du Store et ne nuisent ni aux appareils ni aux données des clients. Vous êtes titulaire des droits sur tout ce qu'elles contiennent, ou en détenez la licence, et vous assurez le support des clients qui les obtiennent.",
                    "Nous retenons des frais de 15 % sur les ventes d'applications et de 12 % sur les jeux, et vous versons le reste chaque mois.",
                ],
            },
            Section {
                heading: "3. Utilisation des données",
                paragraphs: &[
                    "Nous vous fournissons des rapports sur les acquisitions, l'utilisation, les plantages et les avis de vos applications. Les données de plantage et d'utilisation sont agrégées et n'identifient pas les clients. Vous ne les utilisez que pour améliorer vos applications et en assurer le support.",
                ],
            },
            Section {
                heading: "4. Durée et résiliation",
                paragraphs: &[
                    "Le contrat commence dès votre inscription et se poursuit jusqu'à ce que l'une des parties y mette fin. Vous pouvez le quitter à tout moment depuis la page Programmes ; vos applications ne sont alors plus proposées aux nouveaux clients. Nous pouvons retirer une application ou résilier le contrat si vous manquez à nos règles.",
                ],
            },
        ],
    },
    // Version 1.1 of the Windows agreement: the Store fee on apps lowered, the payout threshold
    // and the data section's account-deletion promise added. Every version is written out in
    // full, unchanged sections too: what a company accepted must never change when a later
    // version is edited, so versions share no text.
    Agreement {
        program: ProgramCode::WindowsDeveloper,
        version: "1.1",
        effective: "2026-03-02",
        en: &[
            Section {
                heading: "1. Scope",
                paragraphs: &[
                    "This agreement lets your company publish Windows apps and games in the Store under its Windows publisher ID. We distribute your apps to customers, process their purchases and pay you your share.",
                ],
            },
            Section {
                heading: "2. Your obligations",
                paragraphs: &[
                    "Your apps pass our certification before they are published, respect our Store policies and do not harm customers' devices or data. You own or have licensed everything in them, and you support the customers who get them.",
                    "We keep a Store fee of 12% on app and game sales and pay you the rest each month once your balance reaches 50 euros (or the equivalent in your payout currency).",
                ],
            },
            Section {
                heading: "3. Data use",
                paragraphs: &[
                    "We give you reports on your apps' acquisitions, usage, crashes and reviews. Crash and usage data is aggregated and does not identify customers. You use it only to improve and support your apps. When a customer deletes their account, we delete their data from your reports within 30 days.",
                ],
            },
            Section {
                heading: "4. Term and termination",
                paragraphs: &[
                    "The agreement starts as soon as you enrol and continues until either party ends it. You may leave at any time from the Programs page; your apps are then no longer offered to new customers, and we pay you what you earned until then. We may remove an app or end the agreement if you breach our policies.",
                ],
            },
        ],
        fr: &[
            Section {
                heading: "1. Objet",
                paragraphs: &[
                    "Le présent contrat permet à votre entreprise de publier des applications et des jeux Windows dans le Store sous son identifiant d'éditeur Windows. Nous distribuons vos applications aux clients, traitons leurs achats et vous reversons votre part.",
                ],
            },
            Section {
                heading: "2. Vos obligations",
                paragraphs: &[
                    "Vos applications passent notre certification avant d'être publiées, respectent nos règles du Store et ne nuisent ni aux appareils ni aux données des clients. Vous êtes titulaire des droits sur tout ce qu'elles contiennent, ou en détenez la licence, et vous assurez le support des clients qui les obtiennent.",
                    "Nous retenons des frais de 12 % sur les ventes d'applications et de jeux et vous versons le reste chaque mois dès que votre solde atteint 50 euros (ou l'équivalent dans votre devise de paiement).",
                ],
            },
            Section {
                heading: "3. Utilisation des données",
                paragraphs: &[
                    "Nous vous fournissons des rapports sur les acquisitions, l'utilisation, les plantages et les avis de vos applications. Les données de plantage et d'utilisation sont agrégées et n'identifient pas les clients. Vous ne les utilisez que pour améliorer vos applications et en assurer le support. Lorsqu'un client supprime son compte, nous retirons ses données de vos rapports sous 30 jours.",
                ],
            },
            Section {
                heading: "4. Durée et résiliation",
                paragraphs: &[
                    "Le contrat commence dès votre inscription et se poursuit jusqu'à ce que l'une des parties y mette fin. Vous pouvez le quitter à tout moment depuis la page Programmes ; vos applications ne sont alors plus proposées aux nouveaux clients et nous vous versons ce que vous avez gagné jusque-là. Nous pouvons retirer une application ou résilier le contrat si vous manquez à nos règles.",
                ],
            },
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_program_has_an_agreement_in_both_languages() {
        for code in ProgramCode::ALL {
            let versions: Vec<&Agreement> =
                AGREEMENTS.iter().filter(|a| a.program == code).collect();
            assert!(!versions.is_empty(), "{code:?} has no agreement");
            for a in versions {
                for locale in Locale::ALL {
                    let sections = a.sections(locale);
                    assert!(sections.len() >= 3, "{code:?} {} {locale:?}", a.version);
                    for s in sections {
                        assert!(!s.heading.trim().is_empty(), "{code:?} {locale:?}");
                        assert!(!s.paragraphs.is_empty(), "{code:?} {}", s.heading);
                        assert!(
                            s.paragraphs.iter().all(|p| p.trim().len() > 40),
                            "{code:?} {}",
                            s.heading
                        );
                    }
                }
                // The French is a translation of the English, section for section.
                assert_eq!(a.en.len(), a.fr.len(), "{code:?} {}", a.version);
                for (en, fr) in a.en.iter().zip(a.fr) {
                    assert_eq!(en.paragraphs.len(), fr.paragraphs.len(), "{}", en.heading);
                    assert_ne!(en.paragraphs, fr.paragraphs, "{}", en.heading);
                }
            }
        }
    }

    #[test]
    fn each_program_starts_at_the_first_version_and_later_versions_take_effect_later() {
        for code in ProgramCode::ALL {
            let versions: Vec<&Agreement> =
                AGREEMENTS.iter().filter(|a| a.program == code).collect();
            assert_eq!(versions[0].version, FIRST_VERSION, "{code:?}");
            for pair in versions.windows(2) {
                assert!(pair[0].effective < pair[1].effective, "{code:?}");
                assert_ne!(pair[0].version, pair[1].version, "{code:?}");
            }
            assert_eq!(current(code), *versions.last().unwrap());
            for a in &versions {
                assert_eq!(find(code, a.version), Some(*a));
            }
        }
    }

    #[test]
    fn versions_and_dates_are_well_formed() {
        for a in AGREEMENTS {
            let (major, minor) = a.version.split_once('.').expect("major.minor");
            assert!(major.parse::<u16>().is_ok() && minor.parse::<u16>().is_ok());
            let parts: Vec<&str> = a.effective.split('-').collect();
            assert_eq!(parts.len(), 3, "{}", a.effective);
            assert_eq!(
                parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
                [4, 2, 2],
                "{}",
                a.effective
            );
            assert!(parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())));
        }
    }

    #[test]
    fn an_unknown_version_is_not_found_and_a_document_names_the_current_version() {
        assert_eq!(find(ProgramCode::WindowsDeveloper, "9.9"), None);
        assert_eq!(find(ProgramCode::PartnerNetwork, ""), None);
        let old = find(ProgramCode::WindowsDeveloper, FIRST_VERSION).unwrap();
        let doc = AgreementDocument::from(old);
        assert_eq!(doc.version, FIRST_VERSION);
        assert_eq!(
            doc.current_version,
            current(ProgramCode::WindowsDeveloper).version
        );
        assert_ne!(doc.version, doc.current_version);
        assert_eq!(doc.en.len(), old.en.len());
        assert_eq!(doc.sections(Locale::Fr)[0].heading, old.fr[0].heading);
    }
}
