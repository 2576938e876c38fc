"""The CLEP metric catalog and its category labels: what every grantee reports each quarter, as data.

The codes are shared with the legislative reports (issue 6): never rename one. Labels and help texts are
stored per language on each round's Metric rows, so staff can edit them without a release. The data
migration seeds both rounds from here; a round's metrics that staff already changed are left alone.
"""

from decimal import Decimal

COUNT, PERCENTAGE, MONEY, TEXT = "count", "percentage", "money", "text"

# The order categories appear in on the report form (RCW 43.330.545's activity list, then survey, crime, money).
CATEGORIES = {
    "partnership": {
        "en": "Partnership and dialogue",
        "es": "Colaboración y diálogo",
        "tl": "Pakikipagtulungan at diyalogo",
    },
    "youth": {"en": "Youth mobilization", "es": "Movilización juvenil", "tl": "Pagpapakilos sa kabataan"},
    "business": {
        "en": "Business engagement and safety",
        "es": "Participación de negocios y seguridad",
        "tl": "Pakikilahok ng mga negosyo at kaligtasan",
    },
    "education": {
        "en": "Education on law enforcement and reporting",
        "es": "Educación sobre las fuerzas del orden y cómo reportar",
        "tl": "Edukasyon tungkol sa pulisya at pag-uulat",
    },
    "anti_racism": {
        "en": "Anti-racist practice and trainings",
        "es": "Prácticas y capacitaciones antirracistas",
        "tl": "Mga gawain at pagsasanay laban sa rasismo",
    },
    "recognition": {"en": "Recognition", "es": "Reconocimiento", "tl": "Pagkilala"},
    "concerns": {
        "en": "Residents' concerns",
        "es": "Inquietudes de los residentes",
        "tl": "Mga alalahanin ng mga residente",
    },
    "survey": {"en": "Perception survey", "es": "Encuesta de percepción", "tl": "Survey ng pananaw"},
    "crime": {"en": "Reported crimes", "es": "Delitos reportados", "tl": "Mga naiulat na krimen"},
    "expenditure": {"en": "Expenditures", "es": "Gastos", "tl": "Mga gastusin"},
}


def _metric(code, category, kind, label, help_text, *, required=False):
    minimum, maximum = {
        COUNT: (Decimal("0"), None),
        PERCENTAGE: (Decimal("0"), Decimal("100")),
        MONEY: (Decimal("0"), None),
        TEXT: (None, None),
    }[kind]
    return {
        "code": code,
        "category": category,
        "kind": kind,
        "label": label,
        "help_text": help_text,
        "is_required": required,
        "min_value": minimum,
        "max_value": maximum,
    }


CATALOG = [
    _metric(
        "dialogue_sessions",
        "partnership",
        COUNT,
        {
            "en": "Dialogue sessions held",
            "es": "Sesiones de diálogo realizadas",
            "tl": "Mga sesyon ng diyalogo na ginanap",
        },
        {
            "en": "Meetings where residents and law enforcement talked together this quarter.",
            "es": "Reuniones en las que residentes y fuerzas del orden conversaron juntos este trimestre.",
            "tl": "Mga pulong kung saan nag-usap ang mga residente at pulisya ngayong quarter.",
        },
        required=True,
    ),
    _metric(
        "community_participants",
        "partnership",
        COUNT,
        {
            "en": "Community members participating",
            "es": "Miembros de la comunidad que participaron",
            "tl": "Mga miyembro ng komunidad na lumahok",
        },
        {
            "en": "People from the community who took part in partnership activities (count each person once).",
            "es": "Personas de la comunidad que participaron en actividades de colaboración (cuente a cada persona una vez).",
            "tl": "Mga tao mula sa komunidad na lumahok sa mga gawain ng pakikipagtulungan (bilangin nang isang beses ang bawat tao).",
        },
        required=True,
    ),
    _metric(
        "officers_participating",
        "partnership",
        COUNT,
        {
            "en": "Law enforcement officers participating",
            "es": "Agentes del orden que participaron",
            "tl": "Mga pulis na lumahok",
        },
        {
            "en": "Officers and deputies who took part in partnership activities.",
            "es": "Policías y alguaciles que participaron en actividades de colaboración.",
            "tl": "Mga pulis at deputy na lumahok sa mga gawain ng pakikipagtulungan.",
        },
        required=True,
    ),
    _metric(
        "youth_activities",
        "youth",
        COUNT,
        {
            "en": "Youth activities held",
            "es": "Actividades juveniles realizadas",
            "tl": "Mga gawain para sa kabataan na ginanap",
        },
        {
            "en": "Activities that mobilized young people, such as mentoring, sports or leadership events.",
            "es": "Actividades que movilizaron a jóvenes, como mentorías, deportes o eventos de liderazgo.",
            "tl": "Mga gawaing nagpakilos sa kabataan, gaya ng mentoring, palaro o mga kaganapan sa pamumuno.",
        },
    ),
    _metric(
        "youth_participants",
        "youth",
        COUNT,
        {"en": "Youth participants", "es": "Jóvenes participantes", "tl": "Mga kabataang lumahok"},
        {
            "en": "Young people (under 25) who took part in youth activities.",
            "es": "Jóvenes (menores de 25 años) que participaron en actividades juveniles.",
            "tl": "Mga kabataan (wala pang 25 taong gulang) na lumahok sa mga gawain para sa kabataan.",
        },
    ),
    _metric(
        "businesses_engaged",
        "business",
        COUNT,
        {
            "en": "Businesses engaged",
            "es": "Negocios que participaron",
            "tl": "Mga negosyong nakilahok",
        },
        {
            "en": "Local businesses that took part in meetings, walks or safety planning.",
            "es": "Negocios locales que participaron en reuniones, recorridos o planes de seguridad.",
            "tl": "Mga lokal na negosyong nakilahok sa mga pulong, paglalakad o pagpaplano para sa kaligtasan.",
        },
    ),
    _metric(
        "business_safety_trainings",
        "business",
        COUNT,
        {
            "en": "Business safety trainings",
            "es": "Capacitaciones de seguridad para negocios",
            "tl": "Mga pagsasanay sa kaligtasan para sa negosyo",
        },
        {
            "en": "Safety trainings offered to business owners and employees.",
            "es": "Capacitaciones de seguridad ofrecidas a dueños y empleados de negocios.",
            "tl": "Mga pagsasanay sa kaligtasan para sa mga may-ari at empleyado ng negosyo.",
        },
    ),
    _metric(
        "education_sessions",
        "education",
        COUNT,
        {
            "en": "Education sessions held",
            "es": "Sesiones educativas realizadas",
            "tl": "Mga sesyon ng edukasyon na ginanap",
        },
        {
            "en": "Sessions on the role of law enforcement and on reporting emergencies and non-emergencies.",
            "es": "Sesiones sobre el papel de las fuerzas del orden y cómo reportar emergencias y situaciones que no son emergencias.",
            "tl": "Mga sesyon tungkol sa papel ng pulisya at sa pag-uulat ng mga emergency at hindi emergency.",
        },
    ),
    _metric(
        "education_participants",
        "education",
        COUNT,
        {
            "en": "Education participants",
            "es": "Participantes en las sesiones educativas",
            "tl": "Mga lumahok sa edukasyon",
        },
        {
            "en": "People who attended the education sessions.",
            "es": "Personas que asistieron a las sesiones educativas.",
            "tl": "Mga taong dumalo sa mga sesyon ng edukasyon.",
        },
    ),
    _metric(
        "deescalation_trainings",
        "anti_racism",
        COUNT,
        {
            "en": "De-escalation trainings",
            "es": "Capacitaciones en desescalada",
            "tl": "Mga pagsasanay sa de-escalation",
        },
        {
            "en": "Trainings on calming tense situations without force.",
            "es": "Capacitaciones para calmar situaciones tensas sin usar la fuerza.",
            "tl": "Mga pagsasanay sa pagpapakalma ng maiinit na sitwasyon nang walang dahas.",
        },
    ),
    _metric(
        "cultural_awareness_trainings",
        "anti_racism",
        COUNT,
        {
            "en": "Cultural awareness trainings",
            "es": "Capacitaciones en conciencia cultural",
            "tl": "Mga pagsasanay sa kamalayang pangkultura",
        },
        {
            "en": "Trainings on the cultures, languages and histories of the communities served.",
            "es": "Capacitaciones sobre las culturas, idiomas e historias de las comunidades atendidas.",
            "tl": "Mga pagsasanay tungkol sa kultura, wika at kasaysayan ng mga komunidad na pinagsisilbihan.",
        },
    ),
    _metric(
        "leadership_trainings",
        "anti_racism",
        COUNT,
        {
            "en": "Leadership trainings",
            "es": "Capacitaciones en liderazgo",
            "tl": "Mga pagsasanay sa pamumuno",
        },
        {
            "en": "Trainings that build leadership among residents and officers.",
            "es": "Capacitaciones que fortalecen el liderazgo de residentes y agentes.",
            "tl": "Mga pagsasanay na nagpapalakas ng pamumuno ng mga residente at pulis.",
        },
    ),
    _metric(
        "conflict_management_trainings",
        "anti_racism",
        COUNT,
        {
            "en": "Conflict management trainings",
            "es": "Capacitaciones en manejo de conflictos",
            "tl": "Mga pagsasanay sa pamamahala ng alitan",
        },
        {
            "en": "Trainings on resolving conflicts between people and groups.",
            "es": "Capacitaciones para resolver conflictos entre personas y grupos.",
            "tl": "Mga pagsasanay sa paglutas ng alitan sa pagitan ng mga tao at grupo.",
        },
    ),
    _metric(
        "coalition_building_trainings",
        "anti_racism",
        COUNT,
        {
            "en": "Coalition building trainings",
            "es": "Capacitaciones para formar coaliciones",
            "tl": "Mga pagsasanay sa pagbuo ng koalisyon",
        },
        {
            "en": "Trainings on building lasting coalitions between community groups and law enforcement.",
            "es": "Capacitaciones para formar coaliciones duraderas entre grupos comunitarios y fuerzas del orden.",
            "tl": "Mga pagsasanay sa pagbuo ng pangmatagalang koalisyon ng mga grupo sa komunidad at pulisya.",
        },
    ),
    _metric(
        "training_participants",
        "anti_racism",
        COUNT,
        {
            "en": "Training participants",
            "es": "Participantes en las capacitaciones",
            "tl": "Mga lumahok sa pagsasanay",
        },
        {
            "en": "People who attended any of the trainings above.",
            "es": "Personas que asistieron a cualquiera de las capacitaciones anteriores.",
            "tl": "Mga taong dumalo sa alinman sa mga pagsasanay sa itaas.",
        },
    ),
    _metric(
        "community_members_recognized",
        "recognition",
        COUNT,
        {
            "en": "Community members recognized",
            "es": "Miembros de la comunidad reconocidos",
            "tl": "Mga miyembro ng komunidad na kinilala",
        },
        {
            "en": "Residents publicly recognized for their contribution to community safety.",
            "es": "Residentes reconocidos públicamente por su aporte a la seguridad de la comunidad.",
            "tl": "Mga residenteng kinilala sa publiko dahil sa kanilang ambag sa kaligtasan ng komunidad.",
        },
    ),
    _metric(
        "officers_recognized",
        "recognition",
        COUNT,
        {"en": "Officers recognized", "es": "Agentes reconocidos", "tl": "Mga pulis na kinilala"},
        {
            "en": "Officers publicly recognized for their work with the community.",
            "es": "Agentes reconocidos públicamente por su trabajo con la comunidad.",
            "tl": "Mga pulis na kinilala sa publiko dahil sa kanilang gawain kasama ang komunidad.",
        },
    ),
    _metric(
        "concerns_documented",
        "concerns",
        COUNT,
        {
            "en": "Residents' concerns documented",
            "es": "Inquietudes de residentes registradas",
            "tl": "Mga alalahanin ng residente na naitala",
        },
        {
            "en": "Concerns residents raised about safety or policing that you recorded this quarter.",
            "es": "Inquietudes sobre seguridad o la labor policial que los residentes expresaron y que usted registró este trimestre.",
            "tl": "Mga alalahanin ng residente tungkol sa kaligtasan o pagpupulis na naitala ninyo ngayong quarter.",
        },
        required=True,
    ),
    _metric(
        "concerns_resolved",
        "concerns",
        COUNT,
        {
            "en": "Residents' concerns resolved",
            "es": "Inquietudes de residentes resueltas",
            "tl": "Mga alalahanin ng residente na nalutas",
        },
        {
            "en": "Documented concerns that were resolved this quarter.",
            "es": "Inquietudes registradas que se resolvieron este trimestre.",
            "tl": "Mga naitalang alalahanin na nalutas ngayong quarter.",
        },
        required=True,
    ),
    _metric(
        "survey_respondents",
        "survey",
        COUNT,
        {
            "en": "Survey respondents",
            "es": "Personas que respondieron la encuesta",
            "tl": "Mga sumagot sa survey",
        },
        {
            "en": "People who answered the perception survey this quarter; 0 if no survey was run.",
            "es": "Personas que respondieron la encuesta de percepción este trimestre; 0 si no se hizo encuesta.",
            "tl": "Mga taong sumagot sa survey ng pananaw ngayong quarter; 0 kung walang survey.",
        },
    ),
    _metric(
        "survey_trust_percent",
        "survey",
        PERCENTAGE,
        {
            "en": "Respondents who trust law enforcement (%)",
            "es": "Personas encuestadas que confían en las fuerzas del orden (%)",
            "tl": "Mga sumagot na nagtitiwala sa pulisya (%)",
        },
        {
            "en": "Share of respondents reporting trust in law enforcement, from 0 to 100.",
            "es": "Porcentaje de personas encuestadas que dicen confiar en las fuerzas del orden, de 0 a 100.",
            "tl": "Bahagdan ng mga sumagot na nagsabing nagtitiwala sila sa pulisya, mula 0 hanggang 100.",
        },
    ),
    _metric(
        "reported_crimes",
        "crime",
        COUNT,
        {
            "en": "Reported crimes in the service area",
            "es": "Delitos reportados en el área de servicio",
            "tl": "Mga naiulat na krimen sa lugar ng serbisyo",
        },
        {
            "en": "Crimes reported to law enforcement in your service area this quarter.",
            "es": "Delitos reportados a las fuerzas del orden en su área de servicio este trimestre.",
            "tl": "Mga krimeng iniulat sa pulisya sa inyong lugar ng serbisyo ngayong quarter.",
        },
    ),
    _metric(
        "crime_data_source",
        "crime",
        TEXT,
        {
            "en": "Source of the crime data",
            "es": "Fuente de los datos de delitos",
            "tl": "Pinagmulan ng datos ng krimen",
        },
        {
            "en": "Where the crime figure comes from, e.g. the police department's records system or NIBRS.",
            "es": "De dónde proviene la cifra de delitos, por ejemplo el sistema de registros del departamento de policía o NIBRS.",
            "tl": "Kung saan galing ang bilang ng krimen, hal. ang records system ng departamento ng pulisya o NIBRS.",
        },
    ),
    _metric(
        "expenditures",
        "expenditure",
        MONEY,
        {
            "en": "Expenditures this quarter ($)",
            "es": "Gastos de este trimestre ($)",
            "tl": "Mga gastusin ngayong quarter ($)",
        },
        {
            "en": "Grant funds spent this quarter, in dollars and cents. The total over all quarters may not exceed the award.",
            "es": "Fondos de la subvención gastados este trimestre, en dólares y centavos. El total de todos los trimestres no puede superar la subvención.",
            "tl": "Pondo ng grant na nagastos ngayong quarter, sa dolyar at sentimo. Hindi maaaring lumampas sa halaga ng grant ang kabuuan ng lahat ng quarter.",
        },
        required=True,
    ),
]

CODES = [spec["code"] for spec in CATALOG]
ROUND_SLUGS = ["clep-2021", "clep-2023"]


def load_metric_catalog(apps):
    """Seed the catalog in both CLEP rounds; metrics that exist (maybe edited by staff) are left alone."""
    FundingRound = apps.get_model("grants", "FundingRound")
    Metric = apps.get_model("grants", "Metric")
    for funding_round in FundingRound.objects.filter(slug__in=ROUND_SLUGS):
        for order, spec in enumerate(CATALOG, start=1):
            Metric.objects.get_or_create(
                funding_round=funding_round,
                code=spec["code"],
                defaults={**{k: v for k, v in spec.items() if k != "code"}, "order": order * 10},
            )
