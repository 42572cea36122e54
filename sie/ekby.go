package sie

// The invented municipality Ekby (about 40 000 inhabitants) that GenerateYears books: its
// chart of accounts in Kommun-Bas, its boards and their responsibility units (dimension 1,
// Ansvar), its investment projects (dimension 6) and its opening balance sheet.
//
// Where Kommun-Bas puts things, as a real municipality's chart built on it does (Kommun-Bas
// 20r, SKR; e.g. Luleå's and Göteborg's published charts): class 1 assets (10 intangible,
// 11 land and buildings with their accumulated depreciation on x9, 12 machines and
// equipment, 13 financial assets, 14 stock and development land (exploatering), 15–17
// receivables and prepaid costs, 18 short-term investments, 19 cash and bank); class 2
// equity (20, with the resultatutjämningsreserv and last year's result), provisions (22,
// pensions on 2211), long-term (23) and short-term (24–29) liabilities; class 3 operating
// income (38 realisationsvinster, the gains on sold fixed assets); classes 4–7 operating
// costs (45 grants, 46 purchased activity, 5 personnel, 60–61 premises, 78 avskrivningar
// och nedskrivningar: 7820 buildings, 7830 machines and equipment); class 8 taxes (80),
// general state grants and equalisation (82, fees to the equalisation systems 83),
// financial income (84) and costs (85).

// EkbyBoard is a board of Ekby and the responsibility units (objects of dimension 1) its
// ledger is booked on.
type EkbyBoard struct {
	ID, Name string
	Units    []EkbyUnit
}

// EkbyUnit is a responsibility unit: an object of dimension 1 (Ansvar).
type EkbyUnit struct {
	Object, Name string
	share        int // per mille of the municipality's operating costs
}

// EkbyFinance is the responsibility unit of the finance function (finansförvaltningen):
// taxes, general state grants, equalisation, financial items and the pension provision's
// interest, outside every board.
const EkbyFinance = "9000"

// EkbyBoards lists Ekby's boards, with their responsibility units, as GenerateYears books
// them. The finance function (EkbyFinance) is not among them.
func EkbyBoards() []EkbyBoard {
	return []EkbyBoard{
		{"kf", "Kommunfullmäktige", []EkbyUnit{{"1000", "Kommunfullmäktige och revision", 4}}},
		{"ks", "Kommunstyrelsen", []EkbyUnit{
			{"1100", "Kommunledning", 12}, {"1110", "Ekonomiavdelningen", 10}, {"1120", "HR-avdelningen", 9}, {"1130", "Fastighetsavdelningen", 40}}},
		{"bun", "Barn- och utbildningsnämnden", []EkbyUnit{
			{"2100", "Förskola", 130}, {"2200", "Grundskola", 200}, {"2300", "Gymnasieskola", 70}, {"2400", "Elevhälsa", 20}}},
		{"sn", "Socialnämnden", []EkbyUnit{
			{"3100", "Äldreomsorg", 190}, {"3200", "Funktionsstöd", 110}, {"3300", "Individ- och familjeomsorg", 80}}},
		{"sbn", "Samhällsbyggnadsnämnden", []EkbyUnit{
			{"4100", "Gata och park", 35}, {"4200", "Bygglov och miljö", 10}, {"4300", "Räddningstjänst", 25}}},
		{"kfn", "Kultur- och fritidsnämnden", []EkbyUnit{{"5100", "Bibliotek", 15}, {"5200", "Fritid och idrott", 40}}},
	}
}

// ekbyAccount is an account of Ekby's chart: its number, name and type (#KTYP: T asset,
// S liability or equity, I income, K cost).
type ekbyAccount struct{ nr, name, typ string }

var ekbyAccounts = []ekbyAccount{
	{"1020", "Förvärvade immateriella anläggningstillgångar", "T"},
	{"1029", "Ackumulerade avskrivningar, immateriella tillgångar", "T"},
	{"1110", "Markreserv", "T"},
	{"1120", "Verksamhetsfastigheter", "T"},
	{"1129", "Ackumulerade av- och nedskrivningar, verksamhetsfastigheter", "T"},
	{"1140", "Publika fastigheter (gator och parker)", "T"},
	{"1149", "Ackumulerade av- och nedskrivningar, publika fastigheter", "T"},
	{"1170", "Pågående ny-, till- och ombyggnad", "T"},
	{"1220", "Maskiner och inventarier", "T"},
	{"1229", "Ackumulerade av- och nedskrivningar, maskiner och inventarier", "T"},
	{"1240", "Bilar och andra transportmedel", "T"},
	{"1249", "Ackumulerade avskrivningar, bilar och transportmedel", "T"},
	{"1310", "Aktier och andelar i koncernföretag", "T"},
	{"1380", "Långfristiga fordringar (förlagslån Kommuninvest)", "T"},
	{"1410", "Förråd", "T"},
	{"1460", "Exploateringsfastigheter", "T"},
	{"1510", "Kundfordringar", "T"},
	{"1610", "Fordran mervärdesskatt", "T"},
	{"1710", "Upplupna skatteintäkter", "T"},
	{"1790", "Övriga förutbetalda kostnader och upplupna intäkter", "T"},
	{"1810", "Kortfristiga placeringar", "T"},
	{"1930", "Bank", "T"},
	{"2010", "Eget kapital", "S"},
	{"2020", "Resultatutjämningsreserv", "S"},
	{"2081", "Årets resultat (föregående års, att disponera)", "S"},
	{"2211", "Avsättning för pensioner", "S"},
	{"2240", "Avsättning för återställande av deponi", "S"},
	{"2310", "Lån i banker och kreditinstitut", "S"},
	{"2388", "Förutbetalda investeringsbidrag", "S"},
	{"2440", "Leverantörsskulder", "S"},
	{"2710", "Personalens skatter", "S"},
	{"2730", "Upplupna sociala avgifter", "S"},
	{"2910", "Semesterlöneskuld", "S"},
	{"2990", "Övriga upplupna kostnader och förutbetalda intäkter", "S"},
	{"3010", "Försäljning av verksamhetens tjänster", "I"},
	{"3110", "Taxor och avgifter", "I"},
	{"3410", "Hyror och arrenden", "I"},
	{"3510", "Riktade statsbidrag", "I"},
	{"3620", "Intäkter exploateringsverksamhet", "I"},
	{"3810", "Realisationsvinster vid försäljning av anläggningstillgångar", "I"},
	{"4010", "Förbrukningsmaterial", "K"},
	{"4510", "Bidrag till föreningar och enskilda", "K"},
	{"4610", "Köp av huvudverksamhet", "K"},
	{"5010", "Månadslöner", "K"},
	{"5090", "Förändring av semesterlöneskuld", "K"},
	{"5610", "Sociala avgifter enligt lag och avtal", "K"},
	{"5710", "Pensionskostnader, avgiftsbestämd ålderspension", "K"},
	{"5750", "Förändring av avsättning för pensioner", "K"},
	{"6010", "Lokalhyror", "K"},
	{"6110", "Uppvärmning, el och vatten", "K"},
	{"6410", "IT-tjänster", "K"},
	{"7010", "Konsulttjänster", "K"},
	{"7410", "Övriga verksamhetskostnader", "K"},
	{"7820", "Avskrivningar, byggnader och anläggningar", "K"},
	{"7830", "Avskrivningar, maskiner och inventarier", "K"},
	{"8010", "Kommunalskatt", "I"},
	{"8052", "Skatteavräkning innevarande år, prognos", "I"},
	{"8210", "Inkomstutjämningsbidrag", "I"},
	{"8250", "Kostnadsutjämningsbidrag", "I"},
	{"8290", "Generella bidrag från staten", "I"},
	{"8360", "Avgift till LSS-utjämningen", "K"},
	{"8410", "Utdelning på aktier och andelar", "I"},
	{"8440", "Ränteintäkter", "I"},
	{"8510", "Räntekostnader på lån", "K"},
	{"8540", "Ränta på pensionsavsättning", "K"},
}

// ekbyProjects are Ekby's investment projects (dimension 6) and the board whose unit
// books them.
var ekbyProjects = []struct{ nr, name, unit, asset string }{
	{"P101", "Ny förskola Norra Ekby", "1130", "1120"},
	{"P102", "Ombyggnad Ekbyskolan", "1130", "1120"},
	{"P103", "Särskilt boende Solgläntan", "1130", "1120"},
	{"P201", "Gång- och cykelvägar", "4100", "1140"},
	{"P202", "Ombyggnad av Storgatan", "4100", "1140"},
	{"P301", "Räddningsfordon", "4300", "1240"},
	{"P302", "IT-utrustning skolor", "2200", "1220"},
	{"P401", "Konstgräsplan", "5200", "1140"},
}

// ekbyOpening is Ekby's balance sheet at the start of the year before the first it books,
// in kronor (debit positive); the equity account 2010 takes what balances it.
var ekbyOpening = map[string]int64{
	"1020": 18_000_000, "1029": -6_000_000,
	"1110": 150_000_000,
	"1120": 2_800_000_000, "1129": -1_000_000_000,
	"1140": 900_000_000, "1149": -350_000_000,
	"1170": 250_000_000,
	"1220": 300_000_000, "1229": -180_000_000,
	"1240": 60_000_000, "1249": -35_000_000,
	"1310": 120_000_000, "1380": 15_000_000,
	"1410": 8_000_000, "1460": 60_000_000,
	"1510": 45_000_000, "1610": 40_000_000, "1710": 20_000_000, "1790": 100_000_000,
	"1810": 80_000_000, "1930": 150_000_000,
	"2020": -60_000_000, "2081": -45_000_000,
	"2211": -180_000_000, "2240": -20_000_000,
	"2310": -1_200_000_000, "2388": -40_000_000,
	"2440": -110_000_000, "2710": -40_000_000, "2730": -45_000_000,
	"2910": -130_000_000, "2990": -90_000_000,
}
