// 150 countries where the benchmark alliance shares channels, with two cities or ports each.
// Real place names (channels are abroad), fictional everything else.
export const PLACES: readonly (readonly [country: string, city1: string, city2: string])[] = [
  // Asia
  ["KZ", "Almaty", "Astana"], ["UZ", "Tashkent", "Samarkand"], ["KG", "Bishkek", "Osh"], ["TJ", "Dushanbe", "Khujand"],
  ["TM", "Ashgabat", "Turkmenbashi"], ["MN", "Ulaanbaatar", "Darkhan"], ["TH", "Bangkok", "Laem Chabang"], ["VN", "Hanoi", "Ho Chi Minh City"],
  ["MY", "Kuala Lumpur", "Port Klang"], ["ID", "Jakarta", "Surabaya"], ["PH", "Manila", "Cebu"], ["SG", "Singapore", "Jurong"],
  ["KH", "Phnom Penh", "Sihanoukville"], ["LA", "Vientiane", "Savannakhet"], ["MM", "Yangon", "Mandalay"], ["BD", "Dhaka", "Chittagong"],
  ["LK", "Colombo", "Kandy"], ["NP", "Kathmandu", "Pokhara"], ["PK", "Karachi", "Lahore"], ["IN", "Chennai", "Pune"],
  ["AE", "Dubai", "Abu Dhabi"], ["SA", "Riyadh", "Jeddah"], ["QA", "Doha", "Al Wakrah"], ["KW", "Kuwait City", "Ahmadi"],
  ["OM", "Muscat", "Sohar"], ["BH", "Manama", "Muharraq"], ["JO", "Amman", "Aqaba"], ["IQ", "Baghdad", "Basra"],
  ["IR", "Tehran", "Bandar Abbas"], ["TR", "Istanbul", "Bursa"], ["IL", "Haifa", "Ashdod"], ["LB", "Beirut", "Tripoli"],
  ["GE", "Tbilisi", "Poti"], ["AZ", "Baku", "Ganja"], ["AM", "Yerevan", "Gyumri"], ["JP", "Yokohama", "Nagoya"],
  ["KR", "Busan", "Incheon"], ["BN", "Bandar Seri Begawan", "Kuala Belait"], ["TL", "Dili", "Baucau"], ["AF", "Kabul", "Herat"],
  ["YE", "Aden", "Sanaa"], ["CY", "Limassol", "Nicosia"], ["BT", "Thimphu", "Phuntsholing"], ["MV", "Male", "Addu"],
  // Europe
  ["RU", "Moscow", "Novosibirsk"], ["BY", "Minsk", "Brest"], ["UA", "Kyiv", "Odesa"], ["PL", "Warsaw", "Malaszewicze"],
  ["DE", "Duisburg", "Hamburg"], ["NL", "Rotterdam", "Tilburg"], ["BE", "Zeebrugge", "Antwerp"], ["FR", "Le Havre", "Lyon"],
  ["ES", "Valencia", "Barcelona"], ["PT", "Lisbon", "Porto"], ["IT", "Genoa", "Milan"], ["GB", "Southampton", "Birmingham"],
  ["IE", "Dublin", "Cork"], ["HU", "Budapest", "Debrecen"], ["CZ", "Prague", "Brno"], ["SK", "Bratislava", "Kosice"],
  ["AT", "Vienna", "Linz"], ["CH", "Zurich", "Basel"], ["SE", "Gothenburg", "Stockholm"], ["NO", "Oslo", "Drammen"],
  ["FI", "Helsinki", "Hanko"], ["DK", "Copenhagen", "Aarhus"], ["EE", "Tallinn", "Muuga"], ["LV", "Riga", "Ventspils"],
  ["LT", "Vilnius", "Klaipeda"], ["RO", "Bucharest", "Constanta"], ["BG", "Sofia", "Varna"], ["GR", "Piraeus", "Thessaloniki"],
  ["RS", "Belgrade", "Novi Sad"], ["HR", "Zagreb", "Rijeka"], ["SI", "Ljubljana", "Koper"], ["MD", "Chisinau", "Balti"],
  ["AL", "Tirana", "Durres"], ["MK", "Skopje", "Bitola"], ["BA", "Sarajevo", "Banja Luka"], ["ME", "Podgorica", "Bar"],
  ["IS", "Reykjavik", "Akureyri"], ["LU", "Luxembourg", "Bettembourg"], ["MT", "Valletta", "Marsaxlokk"],
  // Africa
  ["EG", "Cairo", "Alexandria"], ["MA", "Casablanca", "Tangier"], ["DZ", "Algiers", "Oran"], ["TN", "Tunis", "Sfax"],
  ["LY", "Tripoli", "Benghazi"], ["NG", "Lagos", "Abuja"], ["GH", "Accra", "Tema"], ["CI", "Abidjan", "Yamoussoukro"],
  ["SN", "Dakar", "Thies"], ["KE", "Nairobi", "Mombasa"], ["TZ", "Dar es Salaam", "Arusha"], ["UG", "Kampala", "Entebbe"],
  ["RW", "Kigali", "Huye"], ["ET", "Addis Ababa", "Dire Dawa"], ["DJ", "Djibouti", "Tadjourah"], ["ZA", "Durban", "Johannesburg"],
  ["NA", "Windhoek", "Walvis Bay"], ["BW", "Gaborone", "Francistown"], ["ZM", "Lusaka", "Ndola"], ["ZW", "Harare", "Bulawayo"],
  ["MZ", "Maputo", "Beira"], ["AO", "Luanda", "Lobito"], ["CM", "Douala", "Yaounde"], ["CD", "Kinshasa", "Lubumbashi"],
  ["CG", "Brazzaville", "Pointe-Noire"], ["GA", "Libreville", "Port-Gentil"], ["MG", "Antananarivo", "Toamasina"], ["MU", "Port Louis", "Curepipe"],
  ["SD", "Khartoum", "Port Sudan"], ["BJ", "Cotonou", "Porto-Novo"], ["TG", "Lome", "Kara"], ["ML", "Bamako", "Sikasso"],
  ["BF", "Ouagadougou", "Bobo-Dioulasso"], ["NE", "Niamey", "Zinder"], ["MW", "Lilongwe", "Blantyre"],
  // Latin America
  ["BR", "Sao Paulo", "Santos"], ["MX", "Mexico City", "Monterrey"], ["CL", "Santiago", "San Antonio"], ["AR", "Buenos Aires", "Rosario"],
  ["PE", "Lima", "Callao"], ["CO", "Bogota", "Cartagena"], ["EC", "Guayaquil", "Quito"], ["UY", "Montevideo", "Colonia"],
  ["PY", "Asuncion", "Ciudad del Este"], ["BO", "La Paz", "Santa Cruz"], ["VE", "Caracas", "Puerto Cabello"], ["PA", "Panama City", "Colon"],
  ["CR", "San Jose", "Limon"], ["GT", "Guatemala City", "Puerto Quetzal"], ["HN", "Tegucigalpa", "San Pedro Sula"], ["SV", "San Salvador", "Acajutla"],
  ["NI", "Managua", "Corinto"], ["DO", "Santo Domingo", "Santiago de los Caballeros"], ["JM", "Kingston", "Montego Bay"], ["TT", "Port of Spain", "San Fernando"],
  ["CU", "Havana", "Mariel"], ["GY", "Georgetown", "Linden"], ["SR", "Paramaribo", "Nieuw Nickerie"],
  // North America
  ["US", "Houston", "Los Angeles"], ["CA", "Vancouver", "Toronto"],
  // Oceania
  ["AU", "Melbourne", "Brisbane"], ["NZ", "Auckland", "Christchurch"], ["FJ", "Suva", "Lautoka"], ["PG", "Port Moresby", "Lae"],
  ["NC", "Noumea", "Kone"], ["SB", "Honiara", "Gizo"], ["VU", "Port Vila", "Luganville"],
];
