"""Word lists for the synthetic news corpus.

Plain data, roughly in descending frequency within each list: the generator turns rank
into a Zipf weight, so order matters more than completeness. Hand-written rather than
downloaded so the corpus is the same on every machine.
"""


def _words(text: str) -> list[str]:
    return text.split()


# Function words and the most common English words, most frequent first.
COMMON = _words(
    """
the of and to a in that is for on with as was by he it at said from his an be have has are
but not this they were had who which their will after been more its or also one would about
new two over than when there first year other into up out last we all can could people some
only time i them years against what most if her she so three no just did before because our
where while may under between since government country told state during president minister
officials public made many week such both being like these four then through them still told
him those how much any five say back next very long including percent own even well now
should off down part around between high another us end however several way group day take
early called according again million make former later going expected added political city
security national left under region local month past police law put get years war told among
without billion economic power plan major support international across far come work called
leader officials news second set less health third top today per least meeting open office
number home world recent whether chief rights policy foreign military since court took house
show known went system near family want months already percent late each little same press
senior market force help case issue statement near hold although agreement water service
small based following days great place program announced few called country's believe
members head interior water further held set added saying talks deal capital vote party
members economy trade financial world general asked continue found report crisis union near
told center action likely official within point today reported decision move change agency
plans prime control forces give key countries began areas result clear times rate likely
private around led whose central given find current workers though support bank risk need
full low largest announced think side deal companies important efforts fell never long
announced killed death young life days nearly department system team investment led cost
information global north south east west due held known together school half run order
interest private energy campaign political leaders building level despite access help ahead
official keep company held process development always able hours began forces along cases
social opposition possible parliament lost open weeks area nations business federal record
services states late measures data future cut women men children authorities issues decided
rather whole director free strong best tax reform stop past move plan growth comes start
lead whose legal job return higher received behind executive cooperation relations dialogue
talks agreement committee community visit delegation borders move immigration enforcement
"""
)

# Vocabulary that makes text read like news without belonging to one topic.
NEWS = _words(
    """
announced confirmed denied warned urged criticised criticized described insisted noted
stressed acknowledged reiterated emphasised emphasized signalled signaled pledged vowed
rejected welcomed condemned accused claimed suggested indicated estimated reported
spokesperson spokesman spokeswoman statement briefing conference interview correspondent
analysts observers diplomats officials lawmakers legislators negotiators ministers envoy
ambassador embassy consulate administration ministry cabinet coalition opposition parliament
congress senate assembly tribunal judiciary prosecutors investigators sanctions embargo
tariffs subsidies budget deficit inflation unemployment recession exports imports
remittances currency devaluation shortages blackout blackouts protests demonstrations unrest
crackdown arrests detention prisoners dissidents journalists humanitarian assistance aid
relief reconstruction infrastructure hurricane earthquake flooding drought wildfire
emergency evacuation casualties survivors refugees migrants asylum deportation border
crossings smuggling trafficking cybercrime terrorism counterterrorism intelligence
surveillance espionage cooperation bilateral multilateral negotiations rapprochement
normalisation normalization summit communique memorandum treaty accord ceasefire truce
escalation tensions hostility rhetoric diplomacy delegation delegations representatives
counterparts talks dialogue framework roadmap initiative proposal legislation amendment
referendum election elections ballot turnout candidate candidates incumbent campaign polls
voters constituency mandate governance governments governmental governed governing governor
governors govern
"""
)

# Topic vocabularies: an article has one main topic and sometimes a second.
TOPICS = {
    "cuba": """Cuba Cuban Cubans Havana island Caribbean migration migrants migratory
        exodus embargo blockade remittances visas consular Castro Díaz-Canel Santiago
        Matanzas rafts Florida Miami Guantánamo Guantanamo sugar tourism rationing
        dissidents Minint""",
    "migration": """migration migrants asylum border crossings deportation smuggling
        refugees caravan visas humanitarian parole detention shelters remittances
        encounters Darién Darien Rio Grande Tijuana""",
    "rights": """human rights freedom expression prisoners detention torture
        activists dissidents journalists censorship crackdown repression amnesty
        tribunal testimony abuses monitors watchdog ombudsman""",
    "economy": """economy inflation prices wages growth recession exports imports
        currency exchange deficit debt bonds investors markets stocks shares earnings
        profits revenue output factories manufacturing supply chains shortages""",
    "energy": """energy oil gas pipeline refinery electricity grid blackout power
        plants solar wind nuclear reactor fuel barrels OPEC emissions carbon""",
    "climate": """climate warming emissions carbon temperatures drought flooding
        hurricane storm wildfire glaciers adaptation resilience renewable coastal""",
    "health": """health hospital hospitals doctors nurses patients vaccine vaccines
        pandemic Covid-19 outbreak infections virus clinics medicines shortages WHO""",
    "security": """security military troops army navy missiles drones attack attacks
        ceasefire offensive defence defense intelligence terrorism insurgents militants""",
    "elections": """election elections vote voters ballots polls campaign candidate
        candidates parliament coalition opposition turnout runoff referendum mandate""",
    "tech": """technology internet software data platform platforms users privacy
        cyberattack hackers chips semiconductors startups artificial intelligence
        algorithms telecoms broadband satellites""",
    "trade": """trade tariffs exports imports quotas agreement WTO negotiators ports
        shipping containers customs duties bilateral partners""",
    "justice": """court courts judge judges prosecutors trial verdict sentence appeal
        lawyers indictment charges fraud corruption bribery investigation""",
    "agriculture": """farmers harvest crops wheat maize corn rice coffee sugar cattle
        fertiliser fertilizer drought irrigation food prices rations""",
    "education": """schools students teachers universities exams curriculum tuition
        classrooms literacy scholarships enrolment enrollment""",
    "sport": """football match tournament league championship players coach goals
        stadium fans Olympics medal season transfer""",
}

FIRST_NAMES = _words(
    """
José Jose María Maria Juan Carlos Luis Ana Miguel Sofía Sofia Pedro Javier Lucía Lucia
Andrés Andres Ramón Ramon Raúl Raul Héctor Hector Jesús Jesus François Francois Hélène
Helene Jérôme Jerome Amélie Amelie Zoë Zoe Jürgen Jurgen Björn Bjorn Søren Soren Øyvind John
Joe Barack Donald Hillary Jimmy Marco Rick Bruno Craig Thomas Bisa Jorge Fulgencio Fidel
Raúl Miguel Elena Olga Ivan Dmitri Anna Maria Chen Li Wei Ahmed Fatima Mohammed Aisha Kofi
Ngozi Priya Rahul Kenji Yuki Sarah David Michael Laura Daniel Emma James Robert Patricia
Linda Karen Nuño Nuno Iñaki Inaki Begoña Begona Ümit Umit Çağla Cagla
"""
)

LAST_NAMES = _words(
    """
Rodríguez Rodriguez Müller Muller Mueller García Garcia González Gonzalez Pérez Perez
Fernández Fernandez López Lopez Martínez Martinez Sánchez Sanchez Gómez Gomez Díaz Diaz
Hernández Hernandez Álvarez Alvarez Núñez Nunez Peña Pena Ibáñez Ibanez Lefèvre Lefevre
Dubois Moreau Girard Bérénice Schröder Schroder Schmidt Schneider Fischer Weber Wagner
Becker Hoffmann Kowalski Nowak Novák Dvořák Dvorak Smith Johnson Williams Brown Jones Miller
Davis Wilson Taylor Anderson Biden Obama Trump Kennedy Carter Castro Batista Parrilla
Parilla Bolaños Bolanos Kelly Shannon Williams Scott Rubio Blinken Guterres Lula Petro Boric
Milei Bukele Okafor Mensah Nakamura Tanaka Wang Zhang Liu Kim Park Singh Patel Khan Haddad
Öztürk Ozturk Yılmaz Yilmaz Søndergaard Sondergaard
"""
)

PLACES = [
    p.strip()
    for p in [
        "Washington",
        " Havana",
        " Miami",
        " Madrid",
        " Paris",
        " Berlin",
        " London",
        " Brussels",
        " Geneva",
        "\n    Moscow",
        " Beijing",
        " Tokyo",
        " New Delhi",
        " Mexico City",
        " Bogotá",
        " Bogota",
        " Caracas",
        " Lima",
        " Quito",
        "\n    Santiago",
        " Brasília",
        " Brasilia",
        " São Paulo",
        " Sao Paulo",
        " Buenos Aires",
        " Montevideo",
        " Asunción",
        "\n    Asuncion",
        " La Paz",
        " Panama City",
        " Managua",
        " Tegucigalpa",
        " Guatemala City",
        " San Salvador",
        "\n    Kingston",
        " Port-au-Prince",
        " Santo Domingo",
        " San Juan",
        " Ottawa",
        " Toronto",
        " Montréal",
        " Montreal",
        "\n    Québec",
        " Quebec",
        " Nairobi",
        " Lagos",
        " Cairo",
        " Istanbul",
        " Ankara",
        " Tehran",
        " Riyadh",
        " Doha",
        " Dubai",
        " Kyiv",
        "\n    Warsaw",
        " Prague",
        " Vienna",
        " Zürich",
        " Zurich",
        " München",
        " Munich",
        " Köln",
        " Cologne",
        " Düsseldorf",
        "\n    Dusseldorf",
        " Málaga",
        " Malaga",
        " Córdoba",
        " Cordoba",
        " Cancún",
        " Cancun",
        " Mérida",
        " Merida",
        " Florida",
        "\n    Texas",
        " California",
        " Europe",
        " Africa",
        " Asia",
        " Latin America",
        " the Caribbean",
    ]
]

COUNTRIES = _words(
    """
Cuba Venezuela Mexico Colombia Brazil Argentina Chile Peru Ecuador Bolivia Haiti Nicaragua
Honduras Guatemala Panama Canada Spain France Germany Italy Britain Russia China Japan India
Iran Turkey Ukraine Poland Nigeria Kenya Egypt
"""
)

ORGANISATIONS = [
    "State Department",
    "Department of Homeland Security",
    "Justice Department",
    "Federal Bureau of Investigation",
    "National Security Council",
    "Coast Guard",
    "United Nations",
    "UN General Assembly",
    "European Union",
    "World Bank",
    "International Monetary Fund",
    "Organization of American States",
    "World Health Organization",
    "Amnesty International",
    "Human Rights Watch",
    "Ministry of the Interior",
    "Ministry of Foreign Affairs",
    "Central Bank",
    "Supreme Court",
    "Red Cross",
]

# Multi-word expressions that queries and phrase search rely on.
PHRASES = [
    "law enforcement",
    "national security",
    "foreign minister",
    "economic crisis",
    "drug trafficking",
    "human rights",
    "human trafficking",
    "press release",
    "White House",
    "Havana syndrome",
    "civil society",
    "prime minister",
    "interest rates",
    "supply chain",
    "climate change",
    "public health",
    "free trade",
    "death toll",
]

SOURCE_NAMES = [
    "Reuters",
    "AP",
    "AFP",
    "EFE",
    "Xinhua",
    "Bloomberg",
    "Al Mayadeen English",
    "Global Research",
    "Inditop.com/EFE",
    "Latin America News",
    "Prensa Latina",
    "Miami Herald",
    "El País",
    "Le Monde",
    "Der Spiegel",
    "The Guardian",
    "Granma",
    "14ymedio",
    "Havana Times",
    "La Jornada",
    "Clarín",
]

MONTHS = _words(
    """
January February March April May June July August September October November December
"""
)

# Web cruft that turns up anywhere in a copied page (share bars, follow-us lines).
CRUFT_LINES = [
    "Share this:",
    "Click to share on Twitter (Opens in new window)",
    "Follow us on [Instagram](#) and [Twitter](#) and subscribe to our [Telegram Channel](#).",
    "To receive our Daily Newsletter (selected articles), [click here](#).",
    "Feel free to repost and share widely.",
    "Related: [Read more](#)",
    "\\*\\*\\*",
]

# Cruft that closes a copied page; it only ever follows the article (as in the seeds).
END_CRUFT_LINES = [
    "(With inputs from agencies)",
    "Source link",
    "Copyright © 2023. All rights reserved.",
    "You May Also Like",
    "Recommended for you",
    "Exit mobile version",
]

# Syllables for the long tail of rare words (surnames, jargon, typos, places) that real
# corpora have and a hand-written list lacks; they keep the term dictionary realistic.
ONSETS = _words(
    """
b c d f g h j k l m n p r s t v w z b d k l m n p r s t br cr dr gr pr tr st ch sh
"""
)
NUCLEI = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "a", "e", "o", "ai", "ea", "ou"]
CODAS = ["", "", "", "", "", "n", "r", "s", "l", "t", "m", "nd", "st"]
