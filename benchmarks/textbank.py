"""Words and sentences in the five benchmark locales, for the synthetic policy generator.

Each entry is a tuple in `LOCALES` order: (en, zh-TW, it, fr, th). `{count}`, `{seats}`
and `{days}` stay in the generated catalogs as message placeholders; `{0}` is filled in
by the generator (a tier, region or organisation name) before the message is written.
"""

from __future__ import annotations

LOCALES = ("en", "zh-TW", "it", "fr", "th")

Text = tuple[str, str, str, str, str]

PROGRAMME_NAME: Text = (
    "{0} Support",
    "{0} 支援服務",
    "Assistenza {0}",
    "Assistance {0}",
    "บริการสนับสนุน {0}",
)
PROGRAMME_SUMMARY: Text = (
    "Support plans for {0} customers: response targets by severity, support hours and escalation contacts.",
    "{0} 客戶的支援方案：依嚴重程度訂定的回應目標、支援時間與升級聯絡人。",
    "Piani di assistenza per i clienti {0}: tempi di risposta per gravità, orari di assistenza e contatti di escalation.",
    "Offres d’assistance pour les clients {0} : délais de réponse par gravité, horaires d’assistance et contacts d’escalade.",
    "แผนบริการสนับสนุนสำหรับลูกค้า {0}: เป้าหมายการตอบกลับตามความรุนแรง เวลาให้บริการ และผู้ติดต่อสำหรับการยกระดับ",
)

# id → name; ordered lowest → highest
TIERS: list[tuple[str, Text]] = [
    ("basic", ("Basic", "基本", "Base", "Essentiel", "พื้นฐาน")),
    ("standard", ("Standard", "標準", "Standard", "Standard", "มาตรฐาน")),
    ("business", ("Business", "商務", "Business", "Entreprise", "ธุรกิจ")),
    ("premium", ("Premium", "進階", "Premium", "Premium", "พรีเมียม")),
    ("enterprise", ("Enterprise", "企業", "Enterprise", "Grands comptes", "องค์กร")),
    ("elite", ("Elite", "菁英", "Élite", "Élite", "ระดับสูงสุด")),
]
TIER_DESCRIPTIONS: list[Text] = [
    (
        "Self-service resources and e-mail support during business hours.",
        "自助資源以及營業時間內的電子郵件支援。",
        "Risorse self-service e assistenza via e-mail in orario d’ufficio.",
        "Ressources en libre-service et assistance par e-mail aux heures de bureau.",
        "แหล่งข้อมูลแบบบริการตนเองและการสนับสนุนทางอีเมลในเวลาทำการ",
    ),
    (
        "Phone and e-mail support with faster first responses.",
        "電話與電子郵件支援，首次回應更快速。",
        "Assistenza telefonica e via e-mail con prime risposte più rapide.",
        "Assistance par téléphone et par e-mail avec des premières réponses plus rapides.",
        "การสนับสนุนทางโทรศัพท์และอีเมลพร้อมการตอบกลับครั้งแรกที่เร็วขึ้น",
    ),
    (
        "Around-the-clock help for critical issues and a named support engineer.",
        "全天候處理重大問題，並提供專屬支援工程師。",
        "Aiuto 24 ore su 24 per i problemi critici e un tecnico di assistenza dedicato.",
        "Aide 24 h/24 pour les incidents critiques et un ingénieur d’assistance dédié.",
        "ความช่วยเหลือตลอด 24 ชั่วโมงสำหรับปัญหาร้ายแรง และวิศวกรสนับสนุนที่ดูแลโดยเฉพาะ",
    ),
    (
        "A technical account manager, quarterly reviews and priority routing.",
        "技術客戶經理、每季檢討與優先分派。",
        "Un technical account manager, revisioni trimestrali e instradamento prioritario.",
        "Un responsable technique de compte, des revues trimestrielles et un routage prioritaire.",
        "ผู้จัดการบัญชีด้านเทคนิค การทบทวนรายไตรมาส และการจัดเส้นทางแบบมีลำดับความสำคัญ",
    ),
]

AUDIENCES = ("customer", "team", "partner", "individual")

# severity schemes: ids and which SEVERITY_NAMES entry each uses
SEVERITY_SCHEMES: list[list[tuple[str, int]]] = [
    [("p1", 0), ("p2", 1), ("p3", 2), ("p4", 3)],
    [("sev-1", 0), ("sev-2", 1), ("sev-3", 2)],
    [("critical", 0), ("high", 1), ("normal", 2), ("low", 3)],
    [("urgent", 0), ("standard", 2)],
]
SEVERITY_NAMES: list[Text] = [
    (
        "Critical – system down",
        "重大 – 系統停擺",
        "Critica – sistema fermo",
        "Critique – système arrêté",
        "วิกฤต – ระบบหยุดทำงาน",
    ),
    (
        "High – major impact",
        "高 – 重大影響",
        "Alta – impatto rilevante",
        "Élevée – impact majeur",
        "สูง – ผลกระทบมาก",
    ),
    (
        "Medium – partial impact",
        "中 – 部分影響",
        "Media – impatto parziale",
        "Moyenne – impact partiel",
        "ปานกลาง – ผลกระทบบางส่วน",
    ),
    ("Low – question", "低 – 一般問題", "Bassa – domanda", "Faible – question", "ต่ำ – คำถามทั่วไป"),
]
SEVERITY_DEFINITIONS: list[Text] = [
    (
        "Production is stopped for all users and no workaround exists.",
        "所有使用者的正式環境皆已停止，且沒有替代方案。",
        "La produzione è ferma per tutti gli utenti e non esiste una soluzione alternativa.",
        "La production est arrêtée pour tous les utilisateurs et aucun contournement n’existe.",
        "ระบบใช้งานจริงหยุดทำงานสำหรับผู้ใช้ทุกคนและไม่มีวิธีแก้ไขชั่วคราว",
    ),
    (
        "A core feature fails for many users; work continues with difficulty.",
        "核心功能對許多使用者失效；工作雖可繼續但相當困難。",
        "Una funzione essenziale non funziona per molti utenti; il lavoro prosegue con difficoltà.",
        "Une fonction essentielle échoue pour de nombreux utilisateurs ; le travail continue difficilement.",
        "ฟังก์ชันหลักใช้งานไม่ได้สำหรับผู้ใช้จำนวนมาก งานยังดำเนินต่อได้แต่ลำบาก",
    ),
    (
        "A feature misbehaves for some users; a workaround is available.",
        "某項功能對部分使用者異常；已有替代方案。",
        "Una funzione si comporta in modo anomalo per alcuni utenti; esiste una soluzione alternativa.",
        "Une fonction se comporte mal pour certains utilisateurs ; un contournement existe.",
        "ฟังก์ชันทำงานผิดปกติสำหรับผู้ใช้บางราย และมีวิธีแก้ไขชั่วคราว",
    ),
    (
        "A question about usage, configuration or documentation.",
        "關於使用方式、設定或文件的問題。",
        "Una domanda su utilizzo, configurazione o documentazione.",
        "Une question sur l’utilisation, la configuration ou la documentation.",
        "คำถามเกี่ยวกับการใช้งาน การตั้งค่า หรือเอกสารประกอบ",
    ),
]
SEVERITY_EXAMPLES: list[Text] = [
    (
        "Nobody can sign in.",
        "沒有人能登入。",
        "Nessuno riesce ad accedere.",
        "Personne ne peut se connecter.",
        "ไม่มีใครลงชื่อเข้าใช้ได้",
    ),
    (
        "Payments are not processed.",
        "付款無法處理。",
        "I pagamenti non vengono elaborati.",
        "Les paiements ne sont pas traités.",
        "ระบบไม่ประมวลผลการชำระเงิน",
    ),
    (
        "Reports show wrong totals.",
        "報表顯示錯誤的總計。",
        "I report mostrano totali errati.",
        "Les rapports affichent des totaux erronés.",
        "รายงานแสดงยอดรวมไม่ถูกต้อง",
    ),
    (
        "Exports are slow.",
        "匯出速度緩慢。",
        "Le esportazioni sono lente.",
        "Les exports sont lents.",
        "การส่งออกข้อมูลช้า",
    ),
]

METRICS: list[tuple[str, Text, Text]] = [
    (
        "first-response",
        ("First response", "首次回應", "Prima risposta", "Première réponse", "การตอบกลับครั้งแรก"),
        (
            "Time from the ticket’s creation to the first reply by an agent.",
            "從建立案件到客服人員首次回覆的時間。",
            "Tempo dalla creazione del ticket alla prima risposta di un operatore.",
            "Délai entre la création du ticket et la première réponse d’un agent.",
            "ระยะเวลาตั้งแต่สร้างตั๋วจนถึงการตอบกลับครั้งแรกของเจ้าหน้าที่",
        ),
    ),
    (
        "next-response",
        (
            "Next response",
            "後續回應",
            "Risposta successiva",
            "Réponse suivante",
            "การตอบกลับครั้งถัดไป",
        ),
        (
            "Time between a customer’s reply and the agent’s next answer.",
            "客戶回覆後到客服人員下一次回覆的時間。",
            "Tempo tra la risposta del cliente e la successiva risposta dell’operatore.",
            "Délai entre la réponse du client et la réponse suivante de l’agent.",
            "ระยะเวลาระหว่างการตอบกลับของลูกค้ากับคำตอบถัดไปของเจ้าหน้าที่",
        ),
    ),
    (
        "resolution",
        ("Resolution", "解決", "Risoluzione", "Résolution", "การแก้ไขปัญหา"),
        (
            "Time until the issue is fixed or a permanent workaround is in place.",
            "直到問題修復或提供永久替代方案的時間。",
            "Tempo fino alla correzione del problema o a una soluzione alternativa permanente.",
            "Délai jusqu’à la correction du problème ou la mise en place d’un contournement durable.",
            "ระยะเวลาจนกว่าปัญหาจะได้รับการแก้ไขหรือมีวิธีแก้ไขถาวร",
        ),
    ),
]

SERVICES: list[tuple[str, Text]] = [
    (
        "phone-support",
        (
            "Phone support",
            "電話支援",
            "Assistenza telefonica",
            "Assistance téléphonique",
            "การสนับสนุนทางโทรศัพท์",
        ),
    ),
    ("live-chat", ("Live chat", "即時聊天", "Chat dal vivo", "Chat en direct", "แชทสด")),
    (
        "named-engineer",
        (
            "Named support engineer",
            "專屬支援工程師",
            "Tecnico di assistenza dedicato",
            "Ingénieur d’assistance dédié",
            "วิศวกรสนับสนุนประจำ",
        ),
    ),
    (
        "onboarding",
        (
            "Guided onboarding",
            "導入引導",
            "Onboarding guidato",
            "Intégration accompagnée",
            "การเริ่มใช้งานแบบมีผู้แนะนำ",
        ),
    ),
    (
        "health-check",
        (
            "Annual health check",
            "年度健康檢查",
            "Controllo annuale",
            "Bilan de santé annuel",
            "การตรวจสุขภาพระบบประจำปี",
        ),
    ),
    (
        "critical-24x7",
        (
            "24×7 critical support",
            "全天候重大問題支援",
            "Assistenza critica 24×7",
            "Assistance critique 24×7",
            "การสนับสนุนกรณีวิกฤตตลอด 24 ชั่วโมง",
        ),
    ),
    (
        "training",
        (
            "Admin training",
            "管理員培訓",
            "Formazione per amministratori",
            "Formation des administrateurs",
            "การฝึกอบรมผู้ดูแลระบบ",
        ),
    ),
    (
        "quarterly-review",
        (
            "Quarterly business review",
            "每季業務檢討",
            "Revisione trimestrale",
            "Revue trimestrielle",
            "การทบทวนธุรกิจรายไตรมาส",
        ),
    ),
]
SERVICE_DETAIL: Text = (
    "Included for up to {0} administrators",
    "最多 {0} 位管理員適用",
    "Incluso per un massimo di {0} amministratori",
    "Inclus pour {0} administrateurs au plus",
    "รวมสำหรับผู้ดูแลระบบสูงสุด {0} คน",
)

CHANNELS: dict[str, Text] = {
    "phone": ("Phone", "電話", "Telefono", "Téléphone", "โทรศัพท์"),
    "email": ("E-mail", "電子郵件", "E-mail", "E-mail", "อีเมล"),
    "chat": ("Live chat", "即時聊天", "Chat dal vivo", "Chat en direct", "แชทสด"),
    "web": (
        "Support portal",
        "支援入口網站",
        "Portale di assistenza",
        "Portail d’assistance",
        "พอร์ทัลการสนับสนุน",
    ),
    "callback": (
        "Callback request",
        "回電申請",
        "Richiesta di richiamata",
        "Demande de rappel",
        "ขอให้ติดต่อกลับ",
    ),
}
CHANNEL_NOTE: Text = (
    "Have your customer number ready.",
    "請先準備好您的客戶編號。",
    "Tieni a portata di mano il tuo numero cliente.",
    "Munissez-vous de votre numéro client.",
    "โปรดเตรียมหมายเลขลูกค้าของคุณให้พร้อม",
)

ELIGIBILITY: Text = (
    "Requires a support contract for at least {seats} users.",
    "需要至少 {seats} 位使用者的支援合約。",
    "Richiede un contratto di assistenza per almeno {seats} utenti.",
    "Nécessite un contrat d’assistance pour au moins {seats} utilisateurs.",
    "ต้องมีสัญญาการสนับสนุนสำหรับผู้ใช้อย่างน้อย {seats} คน",
)
PURCHASE: Text = (
    "Buy or upgrade a plan from the Billing page of the admin console.",
    "從管理主控台的「帳單」頁面購買或升級方案。",
    "Acquista o aggiorna un piano dalla pagina Fatturazione della console di amministrazione.",
    "Achetez ou changez d’offre depuis la page Facturation de la console d’administration.",
    "ซื้อหรืออัปเกรดแผนได้จากหน้าการเรียกเก็บเงินในคอนโซลผู้ดูแลระบบ",
)
NOTES: list[Text] = [
    (
        "Targets are measured in business hours of the support calendar.",
        "目標以支援行事曆的營業時間計算。",
        "Gli obiettivi sono misurati in ore lavorative del calendario di assistenza.",
        "Les objectifs se mesurent en heures ouvrées du calendrier d’assistance.",
        "เป้าหมายวัดเป็นชั่วโมงทำการตามปฏิทินการสนับสนุน",
    ),
    (
        "Plan changes take effect at the next renewal.",
        "方案變更將於下次續約時生效。",
        "Le modifiche al piano hanno effetto al rinnovo successivo.",
        "Les changements d’offre prennent effet au prochain renouvellement.",
        "การเปลี่ยนแผนมีผลในการต่ออายุครั้งถัดไป",
    ),
    (
        "Critical issues must be reported by phone.",
        "重大問題必須以電話通報。",
        "I problemi critici devono essere segnalati per telefono.",
        "Les incidents critiques doivent être signalés par téléphone.",
        "ต้องแจ้งปัญหาร้ายแรงทางโทรศัพท์",
    ),
]
KEY_DATE: Text = (
    "New response targets apply from this date.",
    "新的回應目標自此日起適用。",
    "I nuovi tempi di risposta si applicano da questa data.",
    "Les nouveaux délais de réponse s’appliquent à partir de cette date.",
    "เป้าหมายการตอบกลับใหม่มีผลตั้งแต่วันนี้",
)

CALENDAR_OFFICE: Text = (
    "{0} business hours",
    "{0} 營業時間",
    "Orario lavorativo {0}",
    "Heures ouvrées {0}",
    "เวลาทำการ {0}",
)
CALENDAR_NONSTOP: Text = ("Around the clock", "全天候", "24 ore su 24", "24 h/24", "ตลอด 24 ชั่วโมง")
CALENDAR_EXTENDED: Text = (
    "Extended hours, including late evenings",
    "延長服務時間（含深夜）",
    "Orario esteso, anche in tarda serata",
    "Horaires étendus, y compris en soirée",
    "เวลาทำการขยาย รวมถึงช่วงดึก",
)
CALENDAR_NOTE: Text = (
    "Tickets opened outside these hours are handled the next business day.",
    "非營業時間建立的案件將於下一個營業日處理。",
    "I ticket aperti fuori orario vengono gestiti il giorno lavorativo successivo.",
    "Les tickets ouverts hors de ces horaires sont traités le jour ouvré suivant.",
    "ตั๋วที่เปิดนอกเวลาทำการจะได้รับการดำเนินการในวันทำการถัดไป",
)
CALENDAR_EXCEPTION: Text = (
    "Critical tickets are worked around the clock.",
    "重大案件全天候處理。",
    "I ticket critici vengono gestiti 24 ore su 24.",
    "Les tickets critiques sont traités 24 h/24.",
    "ตั๋ววิกฤตได้รับการดำเนินการตลอด 24 ชั่วโมง",
)
HOLIDAYS: list[tuple[str, str, Text]] = [
    ("new-year", "01-01", ("New Year’s Day", "元旦", "Capodanno", "Jour de l’an", "วันขึ้นปีใหม่")),
    (
        "labour-day",
        "05-01",
        ("Labour Day", "勞動節", "Festa del lavoro", "Fête du travail", "วันแรงงาน"),
    ),
    (
        "mid-year",
        "07-01",
        (
            "Mid-year holiday",
            "年中假期",
            "Festività di metà anno",
            "Congé de mi-année",
            "วันหยุดกลางปี",
        ),
    ),
    (
        "national-day",
        "10-10",
        ("National Day", "國慶日", "Festa nazionale", "Fête nationale", "วันชาติ"),
    ),
    ("christmas", "12-25", ("Christmas Day", "聖誕節", "Natale", "Noël", "วันคริสต์มาส")),
    (
        "boxing-day",
        "12-26",
        ("Boxing Day", "節禮日", "Santo Stefano", "Lendemain de Noël", "วันบ็อกซิ่งเดย์"),
    ),
]

SLA_DEFAULT: Text = (
    "Standard targets",
    "標準目標",
    "Obiettivi standard",
    "Objectifs standard",
    "เป้าหมายมาตรฐาน",
)
SLA_DEFAULT_NOTE: Text = (
    "Times are business hours unless the calendar is open around the clock.",
    "除非行事曆為全天候，否則時間均以營業時間計。",
    "I tempi sono in ore lavorative, salvo calendario attivo 24 ore su 24.",
    "Les délais sont en heures ouvrées, sauf calendrier ouvert 24 h/24.",
    "เวลาคิดเป็นชั่วโมงทำการ เว้นแต่ปฏิทินเปิดตลอด 24 ชั่วโมง",
)
SLA_LANGUAGE: Text = (
    "{0}-language support",
    "{0}語支援",
    "Assistenza in lingua {0}",
    "Assistance en langue {0}",
    "การสนับสนุนภาษา{0}",
)
LANGUAGE_NAMES: dict[str, Text] = {
    "ja": ("Japanese", "日", "giapponese", "japonaise", "ญี่ปุ่น"),
    "de": ("German", "德", "tedesca", "allemande", "เยอรมัน"),
    "es": ("Spanish", "西班牙", "spagnola", "espagnole", "สเปน"),
    "ko": ("Korean", "韓", "coreana", "coréenne", "เกาหลี"),
}

# region id → (name, representative zone, country pool)
REGIONS: list[tuple[str, Text, str, tuple[str, ...]]] = [
    (
        "europe",
        ("Europe", "歐洲", "Europa", "Europe", "ยุโรป"),
        "Europe/Paris",
        (
            "FR",
            "MC",
            "BE",
            "NL",
            "LU",
            "DE",
            "AT",
            "CH",
            "IT",
            "ES",
            "PT",
            "DK",
            "SE",
            "NO",
            "FI",
            "PL",
            "CZ",
            "HU",
            "GR",
            "RO",
            "IE",
        ),
    ),
    (
        "uk",
        ("United Kingdom", "英國", "Regno Unito", "Royaume-Uni", "สหราชอาณาจักร"),
        "Europe/London",
        ("GB", "IM", "JE", "GG"),
    ),
    (
        "north-america",
        ("North America", "北美洲", "Nord America", "Amérique du Nord", "อเมริกาเหนือ"),
        "America/New_York",
        ("US", "CA"),
    ),
    (
        "latam",
        ("Latin America", "拉丁美洲", "America Latina", "Amérique latine", "ละตินอเมริกา"),
        "America/Sao_Paulo",
        ("MX", "BR", "AR", "CL", "CO", "PE", "UY"),
    ),
    (
        "apac",
        ("Asia Pacific", "亞太地區", "Asia-Pacifico", "Asie-Pacifique", "เอเชียแปซิฟิก"),
        "Asia/Singapore",
        ("SG", "MY", "TH", "VN", "PH", "ID", "IN"),
    ),
    ("japan", ("Japan", "日本", "Giappone", "Japon", "ญี่ปุ่น"), "Asia/Tokyo", ("JP",)),
    (
        "greater-china",
        ("Greater China", "大中華區", "Grande Cina", "Grande Chine", "จีนแผ่นดินใหญ่และไต้หวัน"),
        "Asia/Taipei",
        ("TW", "HK", "MO", "CN"),
    ),
    (
        "anz",
        (
            "Australia and New Zealand",
            "澳洲與紐西蘭",
            "Australia e Nuova Zelanda",
            "Australie et Nouvelle-Zélande",
            "ออสเตรเลียและนิวซีแลนด์",
        ),
        "Australia/Sydney",
        ("AU", "NZ"),
    ),
    (
        "mea",
        (
            "Middle East and Africa",
            "中東與非洲",
            "Medio Oriente e Africa",
            "Moyen-Orient et Afrique",
            "ตะวันออกกลางและแอฟริกา",
        ),
        "Asia/Dubai",
        ("AE", "SA", "IL", "ZA", "EG", "NG", "KE", "TR"),
    ),
]
US_SUBDIVISIONS: list[tuple[str, Text, tuple[str, ...]]] = [
    (
        "us-east",
        ("USA East", "美國東部", "USA Est", "États-Unis Est", "สหรัฐอเมริกาฝั่งตะวันออก"),
        ("US-NY", "US-MA", "US-NJ", "US-PA", "US-FL", "US-GA"),
    ),
    (
        "us-west",
        ("USA West", "美國西部", "USA Ovest", "États-Unis Ouest", "สหรัฐอเมริกาฝั่งตะวันตก"),
        ("US-CA", "US-WA", "US-OR", "US-NV", "US-AZ"),
    ),
]
LARGE_ACCOUNT: Text = (
    "Large accounts in {0}",
    "{0}的大型客戶",
    "Grandi clienti in {0}",
    "Grands comptes – {0}",
    "ลูกค้ารายใหญ่ใน{0}",
)
LARGE_ACCOUNT_NOTE: Text = (
    "Thresholds count paid user licences at the time the ticket is opened.",
    "門檻以建立案件當時的付費使用者授權數計算。",
    "Le soglie contano le licenze utente a pagamento al momento dell’apertura del ticket.",
    "Les seuils comptent les licences utilisateur payantes au moment de l’ouverture du ticket.",
    "เกณฑ์นับจำนวนใบอนุญาตผู้ใช้แบบชำระเงินในขณะที่เปิดตั๋ว",
)

FIRST_NAMES = (
    "Anna",
    "Luc",
    "Chiara",
    "Somchai",
    "Mei",
    "Jonas",
    "Aiko",
    "Rahul",
    "Sofia",
    "Mateo",
    "Ingrid",
    "Kwame",
    "Lina",
    "Pierre",
    "Giulia",
    "Niran",
    "Wei",
    "Olivia",
    "Hiroshi",
    "Fatima",
)
LAST_NAMES = (
    "Becker",
    "Martin",
    "Rossi",
    "Suksawat",
    "Lin",
    "Berg",
    "Tanaka",
    "Sharma",
    "García",
    "López",
    "Nilsen",
    "Mensah",
    "Haddad",
    "Dubois",
    "Ferrari",
    "Chaiyaporn",
    "Chen",
    "Walker",
    "Sato",
    "Khan",
)
CONTACT_TITLES: list[tuple[str, Text]] = [
    (
        "duty-manager",
        (
            "Duty manager",
            "值班經理",
            "Responsabile di turno",
            "Responsable de permanence",
            "ผู้จัดการเวร",
        ),
    ),
    (
        "account-manager",
        ("Account manager", "客戶經理", "Account manager", "Responsable de compte", "ผู้จัดการบัญชี"),
    ),
    (
        "support-lead",
        (
            "Regional support lead",
            "區域支援主管",
            "Responsabile regionale dell’assistenza",
            "Responsable régional de l’assistance",
            "หัวหน้าฝ่ายสนับสนุนประจำภูมิภาค",
        ),
    ),
    (
        "support-director",
        (
            "Director of support",
            "支援總監",
            "Direttore dell’assistenza",
            "Directeur de l’assistance",
            "ผู้อำนวยการฝ่ายสนับสนุน",
        ),
    ),
]
ESCALATION_INTRO: Text = (
    "If a ticket is not progressing, escalate it level by level.",
    "若案件沒有進展，請逐級升級。",
    "Se un ticket non procede, esegui l’escalation livello per livello.",
    "Si un ticket n’avance pas, faites-le remonter niveau par niveau.",
    "หากตั๋วไม่มีความคืบหน้า ให้ยกระดับทีละระดับ",
)
ESCALATION_WHEN: list[tuple[str, Text]] = [
    (
        "breach",
        (
            "A target was missed or is about to be missed.",
            "目標已錯過或即將錯過。",
            "Un obiettivo è stato mancato o sta per esserlo.",
            "Un objectif n’a pas été tenu ou risque de ne pas l’être.",
            "พลาดเป้าหมายแล้วหรือกำลังจะพลาด",
        ),
    ),
    (
        "outage",
        (
            "A prolonged outage affects your business.",
            "長時間停機影響您的業務。",
            "Un’interruzione prolungata colpisce la tua attività.",
            "Une panne prolongée affecte votre activité.",
            "การหยุดให้บริการเป็นเวลานานส่งผลต่อธุรกิจของคุณ",
        ),
    ),
    (
        "recurring",
        (
            "The same incident keeps coming back.",
            "同一事件反覆發生。",
            "Lo stesso incidente continua a ripresentarsi.",
            "Le même incident se reproduit sans cesse.",
            "เหตุการณ์เดิมเกิดขึ้นซ้ำ ๆ",
        ),
    ),
    (
        "security",
        (
            "You suspect a security breach.",
            "您懷疑發生資安事件。",
            "Sospetti una violazione della sicurezza.",
            "Vous soupçonnez une faille de sécurité.",
            "คุณสงสัยว่ามีการละเมิดความปลอดภัย",
        ),
    ),
]
ESCALATION_ROLES: list[tuple[str, Text]] = [
    (
        "support-desk",
        (
            "Support desk escalation",
            "支援服務台升級",
            "Escalation all’help desk",
            "Escalade au centre d’assistance",
            "การยกระดับไปยังฝ่ายบริการ",
        ),
    ),
    (
        "regional-lead",
        (
            "Regional support lead",
            "區域支援主管",
            "Responsabile regionale",
            "Responsable régional",
            "หัวหน้าประจำภูมิภาค",
        ),
    ),
    (
        "account-manager",
        (
            "Your account manager",
            "您的客戶經理",
            "Il tuo account manager",
            "Votre responsable de compte",
            "ผู้จัดการบัญชีของคุณ",
        ),
    ),
    (
        "director",
        (
            "Director of support",
            "支援總監",
            "Direttore dell’assistenza",
            "Directeur de l’assistance",
            "ผู้อำนวยการฝ่ายสนับสนุน",
        ),
    ),
]

TEMPLATE_NAME: Text = (
    "Support request",
    "支援申請",
    "Richiesta di assistenza",
    "Demande d’assistance",
    "คำขอรับการสนับสนุน",
)
TEMPLATE_INTRO: Text = (
    "Complete requests get answered faster.",
    "資訊完整的申請會更快得到回覆。",
    "Le richieste complete ricevono risposta più rapidamente.",
    "Les demandes complètes reçoivent une réponse plus rapide.",
    "คำขอที่มีข้อมูลครบถ้วนจะได้รับคำตอบเร็วขึ้น",
)
TEMPLATE_PURPOSE: Text = (
    "Give the agent everything needed to reproduce the issue.",
    "提供客服人員重現問題所需的一切資訊。",
    "Fornisci all’operatore tutto il necessario per riprodurre il problema.",
    "Donnez à l’agent tout ce qu’il faut pour reproduire le problème.",
    "ให้ข้อมูลทั้งหมดที่เจ้าหน้าที่ต้องใช้ในการจำลองปัญหา",
)
TEMPLATE_FIELDS: list[tuple[str, str, Text]] = [
    (
        "customer-email",
        "email",
        (
            "Your e-mail address",
            "您的電子郵件地址",
            "Il tuo indirizzo e-mail",
            "Votre adresse e-mail",
            "อีเมลของคุณ",
        ),
    ),
    (
        "request-type",
        "choice",
        ("Request type", "申請類型", "Tipo di richiesta", "Type de demande", "ประเภทคำขอ"),
    ),
    ("product", "product", ("Product", "產品", "Prodotto", "Produit", "ผลิตภัณฑ์")),
    (
        "description",
        "text",
        (
            "Describe the issue",
            "描述問題",
            "Descrivi il problema",
            "Décrivez le problème",
            "อธิบายปัญหา",
        ),
    ),
    (
        "reproducible",
        "yes-no",
        (
            "Can you reproduce it?",
            "是否能重現？",
            "Riesci a riprodurlo?",
            "Pouvez-vous le reproduire ?",
            "คุณจำลองปัญหาได้หรือไม่",
        ),
    ),
    (
        "first-seen",
        "date",
        (
            "First noticed on",
            "首次發現日期",
            "Notato per la prima volta il",
            "Constaté pour la première fois le",
            "พบครั้งแรกเมื่อ",
        ),
    ),
    (
        "screenshots",
        "attachment",
        ("Screenshots", "螢幕截圖", "Screenshot", "Captures d’écran", "ภาพหน้าจอ"),
    ),
]
FIELD_HELP: Text = (
    "Add as much detail as you can.",
    "請盡可能提供詳細資訊。",
    "Aggiungi quanti più dettagli possibile.",
    "Ajoutez autant de détails que possible.",
    "เพิ่มรายละเอียดให้มากที่สุดเท่าที่ทำได้",
)
REQUEST_TYPES: list[tuple[str, Text]] = [
    (
        "technical",
        ("Technical problem", "技術問題", "Problema tecnico", "Problème technique", "ปัญหาทางเทคนิค"),
    ),
    (
        "billing",
        (
            "Billing and renewal",
            "帳單與續約",
            "Fatturazione e rinnovo",
            "Facturation et renouvellement",
            "การเรียกเก็บเงินและการต่ออายุ",
        ),
    ),
    (
        "account",
        ("Account access", "帳戶存取", "Accesso all’account", "Accès au compte", "การเข้าถึงบัญชี"),
    ),
    (
        "feature",
        (
            "Feature request",
            "功能建議",
            "Richiesta di funzionalità",
            "Demande de fonctionnalité",
            "คำขอฟีเจอร์",
        ),
    ),
]

ARTICLES: list[tuple[str, Text]] = [
    (
        "create-ticket",
        (
            "Create a support ticket",
            "建立支援案件",
            "Aprire un ticket di assistenza",
            "Créer un ticket d’assistance",
            "สร้างตั๋วการสนับสนุน",
        ),
    ),
    (
        "contact-support",
        (
            "Contact support",
            "聯絡支援團隊",
            "Contattare l’assistenza",
            "Contacter l’assistance",
            "ติดต่อฝ่ายสนับสนุน",
        ),
    ),
    (
        "escalate-case",
        (
            "Escalate a case",
            "升級案件",
            "Eseguire l’escalation di un caso",
            "Faire remonter un dossier",
            "ยกระดับเคส",
        ),
    ),
    (
        "add-admins",
        (
            "Add support administrators",
            "新增支援管理員",
            "Aggiungere amministratori dell’assistenza",
            "Ajouter des administrateurs d’assistance",
            "เพิ่มผู้ดูแลการสนับสนุน",
        ),
    ),
    (
        "view-tickets",
        (
            "View your team’s tickets",
            "檢視團隊的案件",
            "Visualizzare i ticket del team",
            "Consulter les tickets de l’équipe",
            "ดูตั๋วของทีม",
        ),
    ),
    (
        "upgrade-plan",
        (
            "Upgrade your plan",
            "升級您的方案",
            "Aggiornare il piano",
            "Changer d’offre",
            "อัปเกรดแผนของคุณ",
        ),
    ),
    (
        "security-incident",
        (
            "Report a security incident",
            "通報資安事件",
            "Segnalare un incidente di sicurezza",
            "Signaler un incident de sécurité",
            "แจ้งเหตุการณ์ด้านความปลอดภัย",
        ),
    ),
    (
        "export-data",
        (
            "Export your data",
            "匯出您的資料",
            "Esportare i dati",
            "Exporter vos données",
            "ส่งออกข้อมูลของคุณ",
        ),
    ),
    (
        "service-status",
        (
            "Check the service status",
            "查看服務狀態",
            "Verificare lo stato del servizio",
            "Vérifier l’état du service",
            "ตรวจสอบสถานะบริการ",
        ),
    ),
    (
        "reset-mfa",
        (
            "Reset two-step verification",
            "重設兩步驟驗證",
            "Reimpostare la verifica in due passaggi",
            "Réinitialiser la validation en deux étapes",
            "รีเซ็ตการยืนยันแบบสองขั้นตอน",
        ),
    ),
    (
        "api-limits",
        (
            "Understand API limits",
            "了解 API 限制",
            "Capire i limiti delle API",
            "Comprendre les limites de l’API",
            "ทำความเข้าใจขีดจำกัดของ API",
        ),
    ),
    (
        "renewal",
        (
            "Prepare your renewal",
            "準備續約",
            "Preparare il rinnovo",
            "Préparer le renouvellement",
            "เตรียมการต่ออายุ",
        ),
    ),
]
PARAGRAPHS: list[Text] = [
    (
        "Only administrators can open tickets on behalf of the team.",
        "只有管理員可以代表團隊建立案件。",
        "Solo gli amministratori possono aprire ticket per conto del team.",
        "Seuls les administrateurs peuvent ouvrir des tickets au nom de l’équipe.",
        "เฉพาะผู้ดูแลระบบเท่านั้นที่เปิดตั๋วในนามของทีมได้",
    ),
    (
        "Follow these steps to reach the right team quickly.",
        "依照以下步驟，快速聯絡合適的團隊。",
        "Segui questi passaggi per raggiungere rapidamente il team giusto.",
        "Suivez ces étapes pour joindre rapidement la bonne équipe.",
        "ทำตามขั้นตอนเหล่านี้เพื่อติดต่อทีมที่เหมาะสมได้อย่างรวดเร็ว",
    ),
    (
        "Response targets start when the ticket is created, not when it is assigned.",
        "回應目標自案件建立時起算，而非指派時。",
        "I tempi di risposta decorrono dalla creazione del ticket, non dall’assegnazione.",
        "Les délais de réponse courent dès la création du ticket, pas dès son attribution.",
        "เป้าหมายการตอบกลับเริ่มนับเมื่อสร้างตั๋ว ไม่ใช่เมื่อมอบหมายงาน",
    ),
    (
        "Keep the ticket number: you will need it for every follow-up.",
        "請保留案件編號：每次後續追蹤都會用到。",
        "Conserva il numero del ticket: ti servirà per ogni seguito.",
        "Conservez le numéro du ticket : il vous servira à chaque relance.",
        "โปรดเก็บหมายเลขตั๋วไว้ คุณจะต้องใช้ในการติดตามทุกครั้ง",
    ),
    (
        "Changes apply to every member of the team within a few minutes.",
        "變更會在幾分鐘內套用至團隊的每位成員。",
        "Le modifiche si applicano a tutti i membri del team entro pochi minuti.",
        "Les modifications s’appliquent à tous les membres de l’équipe en quelques minutes.",
        "การเปลี่ยนแปลงจะมีผลกับสมาชิกทุกคนในทีมภายในไม่กี่นาที",
    ),
]
STEPS: list[Text] = [
    (
        "Sign in to the admin console.",
        "登入管理主控台。",
        "Accedi alla console di amministrazione.",
        "Connectez-vous à la console d’administration.",
        "ลงชื่อเข้าใช้คอนโซลผู้ดูแลระบบ",
    ),
    (
        "Open the Help menu.",
        "開啟「說明」選單。",
        "Apri il menu Guida.",
        "Ouvrez le menu Aide.",
        "เปิดเมนูความช่วยเหลือ",
    ),
    (
        "Click Contact support.",
        "按一下「聯絡支援團隊」。",
        "Fai clic su Contatta l’assistenza.",
        "Cliquez sur Contacter l’assistance.",
        "คลิกติดต่อฝ่ายสนับสนุน",
    ),
    (
        "Choose the product and the severity.",
        "選擇產品與嚴重程度。",
        "Scegli il prodotto e la gravità.",
        "Choisissez le produit et la gravité.",
        "เลือกผลิตภัณฑ์และระดับความรุนแรง",
    ),
    (
        "Describe what happened and when.",
        "描述發生的情況與時間。",
        "Descrivi cosa è successo e quando.",
        "Décrivez ce qui s’est passé et quand.",
        "อธิบายสิ่งที่เกิดขึ้นและเวลาที่เกิด",
    ),
    (
        "Attach screenshots or log files.",
        "附加螢幕截圖或記錄檔。",
        "Allega screenshot o file di log.",
        "Joignez des captures d’écran ou des journaux.",
        "แนบภาพหน้าจอหรือไฟล์บันทึก",
    ),
    ("Click Submit.", "按一下「提交」。", "Fai clic su Invia.", "Cliquez sur Envoyer.", "คลิกส่ง"),
    (
        "Open Billing and choose Plans.",
        "開啟「帳單」並選擇「方案」。",
        "Apri Fatturazione e scegli Piani.",
        "Ouvrez Facturation et choisissez Offres.",
        "เปิดการเรียกเก็บเงินแล้วเลือกแผน",
    ),
    (
        "Select the users to add.",
        "選擇要新增的使用者。",
        "Seleziona gli utenti da aggiungere.",
        "Sélectionnez les utilisateurs à ajouter.",
        "เลือกผู้ใช้ที่จะเพิ่ม",
    ),
    (
        "Confirm with your password.",
        "以密碼確認。",
        "Conferma con la password.",
        "Confirmez avec votre mot de passe.",
        "ยืนยันด้วยรหัสผ่านของคุณ",
    ),
]
STEP_NOTES: list[Text] = [
    (
        "You need the Support admin role.",
        "您需要「支援管理員」角色。",
        "Ti serve il ruolo di amministratore dell’assistenza.",
        "Il vous faut le rôle d’administrateur d’assistance.",
        "คุณต้องมีบทบาทผู้ดูแลการสนับสนุน",
    ),
    (
        "Critical issues: call us instead.",
        "重大問題：請改以電話聯絡。",
        "Problemi critici: chiamaci.",
        "Incidents critiques : appelez-nous plutôt.",
        "ปัญหาร้ายแรง: โปรดโทรหาเราแทน",
    ),
]
QUOTE: Text = (
    "We answer every critical ticket as if our own systems were down.",
    "我們處理每一件重大案件，就像自己的系統停擺一樣。",
    "Rispondiamo a ogni ticket critico come se fossero fermi i nostri sistemi.",
    "Nous traitons chaque ticket critique comme si nos propres systèmes étaient à l’arrêt.",
    "เราตอบทุกตั๋ววิกฤตราวกับว่าระบบของเราเองหยุดทำงาน",
)
QUOTE_ROLE: Text = (
    "Head of customer support",
    "客戶支援主管",
    "Responsabile del supporto clienti",
    "Directrice du support client",
    "หัวหน้าฝ่ายบริการลูกค้า",
)

# plural messages: locale → CLDR category → text (a category a locale lacks falls back to `other`)
PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "count.agents": {
        "en": {"one": "{count} agent", "other": "{count} agents"},
        "zh-TW": {"other": "{count} 位客服人員"},
        "it": {
            "one": "{count} operatore",
            "many": "{count} di operatori",
            "other": "{count} operatori",
        },
        "fr": {"one": "{count} agent", "many": "{count} d’agents", "other": "{count} agents"},
        "th": {"other": "เจ้าหน้าที่ {count} คน"},
    },
    "count.open-tickets": {
        "en": {"one": "{count} open ticket", "other": "{count} open tickets"},
        "zh-TW": {"other": "{count} 件未結案件"},
        "it": {
            "one": "{count} ticket aperto",
            "many": "{count} di ticket aperti",
            "other": "{count} ticket aperti",
        },
        "fr": {
            "one": "{count} ticket ouvert",
            "many": "{count} de tickets ouverts",
            "other": "{count} tickets ouverts",
        },
        "th": {"other": "ตั๋วที่เปิดอยู่ {count} รายการ"},
    },
    "count.business-days": {
        "en": {"one": "{count} business day", "other": "{count} business days"},
        "zh-TW": {"other": "{count} 個營業日"},
        "it": {
            "one": "{count} giorno lavorativo",
            "many": "{count} di giorni lavorativi",
            "other": "{count} giorni lavorativi",
        },
        "fr": {
            "one": "{count} jour ouvré",
            "many": "{count} de jours ouvrés",
            "other": "{count} jours ouvrés",
        },
        "th": {"other": "{count} วันทำการ"},
    },
}

ORGANISATIONS = (
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Adatum",
    "Wingtip",
    "Proseware",
    "Lucerne",
    "Humongous",
    "Coho",
    "Alpine",
    "Trey",
    "Woodgrove",
    "Margie",
    "Blue Yonder",
)
PRODUCTS = (
    "Cloud",
    "ERP",
    "CRM",
    "Analytics",
    "Mail",
    "Drive",
    "Desk",
    "Payments",
    "Sign",
    "Books",
)
