"""Static data for scripts/demo_data.py: San Francisco's outline and neighbourhoods, large US cities
for the benchmark load, and the words that titles, descriptions, reviews and names are built from.

Coordinates are approximate (good to a block or two), which is all a demo needs. Run on its own
(`python -m scripts.demo_city`) it prints what it holds; it loads nothing (scripts.demo_data does).
"""
from __future__ import annotations

import argparse
from typing import NamedTuple

import shapely
from shapely.geometry import Polygon

# San Francisco's land boundary, (lon, lat), clockwise from Ocean Beach at the San Mateo county line.
# Treasure Island and the Farallones are left out.
SF_LAND = Polygon([
    (-122.5030, 37.7081), (-122.5065, 37.7350), (-122.5100, 37.7600), (-122.5110, 37.7710),
    (-122.5140, 37.7790), (-122.5110, 37.7860), (-122.4990, 37.7880), (-122.4910, 37.7885),
    (-122.4850, 37.7900), (-122.4845, 37.7980), (-122.4780, 37.8080), (-122.4650, 37.8065),
    (-122.4470, 37.8060), (-122.4330, 37.8075), (-122.4270, 37.8085), (-122.4200, 37.8090),
    (-122.4100, 37.8095), (-122.4030, 37.8060), (-122.3975, 37.8000), (-122.3925, 37.7955),
    (-122.3875, 37.7890), (-122.3870, 37.7800), (-122.3850, 37.7720), (-122.3835, 37.7600),
    (-122.3855, 37.7480), (-122.3760, 37.7420), (-122.3620, 37.7300), (-122.3700, 37.7200),
    (-122.3770, 37.7120), (-122.3900, 37.7081), (-122.4200, 37.7081), (-122.4700, 37.7081),
])
shapely.prepare(SF_LAND)


class Neighbourhood(NamedTuple):
    name: str
    lat: float
    lon: float
    zip_code: str
    streets: tuple[str, ...]
    price_level: int  # 1 (cheap) .. 4 (dear), see PRICE_LEVELS
    weight: int  # share of the city's spots


NEIGHBOURHOODS = [
    Neighbourhood("the Mission", 37.7599, -122.4148, "94110", (
        "Valencia St", "Mission St", "Guerrero St", "Dolores St", "Folsom St", "Harrison St",
        "Shotwell St", "South Van Ness Ave", "16th St", "18th St", "24th St"), 3, 12),
    Neighbourhood("SoMa", 37.7785, -122.4056, "94103", (
        "Folsom St", "Howard St", "Harrison St", "Bryant St", "Brannan St", "Townsend St",
        "Natoma St", "7th St", "8th St", "9th St"), 3, 10),
    Neighbourhood("the Financial District", 37.7946, -122.3999, "94111", (
        "Montgomery St", "Sansome St", "Battery St", "California St", "Pine St", "Bush St",
        "Front St", "Davis St"), 4, 6),
    Neighbourhood("Nob Hill", 37.7930, -122.4161, "94109", (
        "California St", "Sacramento St", "Jones St", "Taylor St", "Leavenworth St", "Clay St",
        "Washington St", "Pine St"), 4, 5),
    Neighbourhood("North Beach", 37.8061, -122.4103, "94133", (
        "Columbus Ave", "Grant Ave", "Stockton St", "Powell St", "Union St", "Green St",
        "Vallejo St", "Broadway"), 3, 5),
    Neighbourhood("Chinatown", 37.7941, -122.4078, "94108", (
        "Grant Ave", "Stockton St", "Jackson St", "Washington St", "Pacific Ave", "Clay St",
        "Sacramento St"), 4, 3),
    Neighbourhood("the Marina", 37.8025, -122.4368, "94123", (
        "Chestnut St", "Lombard St", "Bay St", "Fillmore St", "Divisadero St", "Scott St",
        "Beach St", "Marina Blvd"), 4, 6),
    Neighbourhood("Pacific Heights", 37.7925, -122.4382, "94115", (
        "Fillmore St", "Pacific Ave", "Broadway", "Jackson St", "Washington St", "Clay St",
        "Webster St", "Steiner St"), 4, 6),
    Neighbourhood("Hayes Valley", 37.7759, -122.4245, "94102", (
        "Hayes St", "Octavia St", "Gough St", "Fell St", "Oak St", "Linden St", "Grove St",
        "Laguna St"), 3, 5),
    Neighbourhood("Haight-Ashbury", 37.7692, -122.4481, "94117", (
        "Haight St", "Ashbury St", "Masonic Ave", "Cole St", "Clayton St", "Page St", "Oak St",
        "Frederick St"), 2, 6),
    Neighbourhood("the Castro", 37.7609, -122.4350, "94114", (
        "Castro St", "Market St", "Noe St", "Sanchez St", "Collingwood St", "Diamond St",
        "18th St", "19th St"), 3, 5),
    Neighbourhood("Noe Valley", 37.7502, -122.4337, "94114", (
        "24th St", "Noe St", "Church St", "Castro St", "Sanchez St", "Diamond St",
        "Elizabeth St", "Jersey St"), 3, 6),
    Neighbourhood("Potrero Hill", 37.7605, -122.4009, "94107", (
        "Connecticut St", "Arkansas St", "Missouri St", "De Haro St", "Rhode Island St",
        "Kansas St", "18th St", "20th St"), 3, 5),
    Neighbourhood("Mission Bay", 37.7706, -122.3915, "94158", (
        "Owens St", "4th St", "Berry St", "Mission Bay Blvd", "Channel St", "3rd St",
        "16th St"), 4, 4),
    Neighbourhood("Bernal Heights", 37.7389, -122.4152, "94110", (
        "Cortland Ave", "Mission St", "Folsom St", "Precita Ave", "Anderson St", "Andover St",
        "Moultrie St", "Ellsworth St"), 2, 5),
    Neighbourhood("the Inner Richmond", 37.7800, -122.4650, "94118", (
        "Clement St", "Geary Blvd", "Balboa St", "Arguello Blvd", "Cabrillo St", "6th Ave",
        "8th Ave", "10th Ave"), 2, 6),
    Neighbourhood("the Outer Sunset", 37.7550, -122.4950, "94122", (
        "Judah St", "Irving St", "Noriega St", "Lincoln Way", "La Playa St", "42nd Ave",
        "45th Ave", "47th Ave"), 1, 6),
    Neighbourhood("the Excelsior", 37.7244, -122.4272, "94112", (
        "Mission St", "Geneva Ave", "Persia Ave", "Excelsior Ave", "Brazil Ave", "Athens St",
        "Madrid St", "London St"), 1, 4),
    Neighbourhood("Bayview", 37.7296, -122.3920, "94124", (
        "3rd St", "Palou Ave", "Oakdale Ave", "Quesada Ave", "Evans Ave", "Jerrold Ave",
        "Newcomb Ave"), 1, 3),
]

# Where drivers search for parking (demo searches for the unmet-demand map), by neighbourhood: the
# destinations (downtown, the ballpark in Mission Bay, North Beach's restaurants) draw more searches
# than they have listings (NEIGHBOURHOODS' weights), the residential west and south fewer.
SEARCH_DEMAND = {
    "the Financial District": 16, "SoMa": 14, "Mission Bay": 10, "the Mission": 8, "North Beach": 7,
    "Chinatown": 6, "Nob Hill": 5, "the Marina": 5, "Hayes Valley": 5, "the Castro": 4, "Pacific Heights": 3,
    "Haight-Ashbury": 3, "Noe Valley": 2, "Potrero Hill": 2, "the Inner Richmond": 2, "Bernal Heights": 1,
    "the Outer Sunset": 1, "the Excelsior": 1, "Bayview": 1,
}
# Searches by local hour of the day (0-23): commuting peaks on weekdays, afternoons and evenings at weekends.
SEARCH_HOURS_WEEKDAY = (0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1, 3, 5, 4, 2.5, 2.5, 3, 2.5, 2, 2, 3, 4, 4.5, 4, 3, 2, 1, 0.5)
SEARCH_HOURS_WEEKEND = (0.5, 0.3, 0.2, 0.1, 0.1, 0.1, 0.3, 0.6, 1, 2, 3, 3.5, 4, 4, 3.5, 3, 3, 3.5, 4, 4, 3.5, 2.5, 1.5, 1)

# Hourly rate range in cents by price level.
PRICE_LEVELS = {1: (200, 450), 2: (300, 650), 3: (450, 900), 4: (600, 1200)}


class City(NamedTuple):
    name: str
    state: str
    lat: float
    lon: float
    radius_km: float
    zip_prefix: str
    price_level: int
    weight: int  # share of the benchmark's spots


US_CITIES = [
    City("New York", "NY", 40.7128, -74.0060, 15, "100", 4, 14),
    City("Los Angeles", "CA", 34.0522, -118.2437, 25, "900", 3, 12),
    City("Chicago", "IL", 41.8781, -87.6298, 18, "606", 3, 8),
    City("Houston", "TX", 29.7604, -95.3698, 22, "770", 2, 7),
    City("Phoenix", "AZ", 33.4484, -112.0740, 20, "850", 1, 5),
    City("Philadelphia", "PA", 39.9526, -75.1652, 12, "191", 2, 5),
    City("San Antonio", "TX", 29.4241, -98.4936, 18, "782", 1, 4),
    City("San Diego", "CA", 32.7157, -117.1611, 15, "921", 3, 4),
    City("Dallas", "TX", 32.7767, -96.7970, 18, "752", 2, 4),
    City("San Jose", "CA", 37.3382, -121.8863, 14, "951", 3, 3),
    City("Austin", "TX", 30.2672, -97.7431, 14, "787", 2, 3),
    City("Seattle", "WA", 47.6062, -122.3321, 10, "981", 3, 4),
    City("Denver", "CO", 39.7392, -104.9903, 14, "802", 2, 3),
    City("Boston", "MA", 42.3601, -71.0589, 8, "021", 4, 4),
    City("Miami", "FL", 25.7617, -80.1918, 10, "331", 3, 3),
    City("Atlanta", "GA", 33.7490, -84.3880, 15, "303", 2, 3),
    City("Washington", "DC", 38.9072, -77.0369, 9, "200", 4, 4),
    City("Nashville", "TN", 36.1627, -86.7816, 14, "372", 2, 2),
    City("Portland", "OR", 45.5152, -122.6784, 11, "972", 2, 2),
    City("Las Vegas", "NV", 36.1699, -115.1398, 14, "891", 2, 2),
    City("Minneapolis", "MN", 44.9778, -93.2650, 10, "554", 2, 2),
    City("San Francisco", "CA", 37.7749, -122.4194, 6, "941", 4, 4),
]

US_STREETS = (
    "Main St", "Oak St", "Maple Ave", "Cedar St", "Pine St", "Elm St", "Washington St", "Lake St",
    "Park Ave", "Hill St", "Church St", "Market St", "Broadway", "Lincoln Ave", "Jefferson St",
    "Madison Ave", "Franklin St", "Highland Ave", "Center St", "River Rd", "1st St", "2nd St",
    "3rd St", "4th St", "5th Ave", "Sunset Blvd", "Union St", "Spring St", "Adams St", "Grant Ave",
)

# spot_type and vehicle_size with their weights (driveways and garages are the common listings).
SPOT_TYPES = {"driveway": 32, "garage": 26, "lot": 12, "covered": 10, "outdoor": 12, "indoor": 8}
VEHICLE_SIZES = {"standard": 50, "compact": 20, "large": 14, "motorcycle": 8, "oversized": 8}

TYPE_NOUNS = {
    "driveway": ("driveway", "driveway spot", "private driveway"),
    "garage": ("garage spot", "garage space", "private garage"),
    "lot": ("lot space", "parking lot spot", "open lot space"),
    "covered": ("covered spot", "carport space", "covered space"),
    "outdoor": ("outdoor spot", "open-air space", "side-yard spot"),
    "indoor": ("indoor space", "underground spot", "basement garage spot"),
}
TITLE_ADJECTIVES = ("Secure", "Convenient", "Quiet", "Easy-access", "Spacious", "Affordable",
                    "Well-lit", "Handy", "Roomy", "Reserved")

DESCRIPTION_OPENERS = {
    "driveway": "A private driveway in front of our house, kept clear for you.",
    "garage": "A dedicated space in a residential garage with a remote-controlled door.",
    "lot": "A numbered space in a small neighbourhood lot.",
    "covered": "A covered space under a carport, out of the fog and rain.",
    "outdoor": "An open-air space on a side yard, off the street.",
    "indoor": "An indoor space in a building's underground garage.",
}
DESCRIPTION_SIZES = {
    "motorcycle": "Sized for a motorcycle or scooter.",
    "compact": "Best for compact cars; tight for an SUV.",
    "standard": "Fits most sedans and small SUVs.",
    "large": "Room for a full-size SUV or pickup.",
    "oversized": "Long and wide enough for a van or a truck with a trailer hitch.",
}
DESCRIPTION_AMENITIES = {
    "has_ev_charging": "Level 2 EV charger available (bring your own J1772 cable).",
    "has_security": "Camera-monitored with a locked gate.",
    "has_lighting": "Well lit at night.",
    "is_handicap_accessible": "Step-free access, wide enough for a wheelchair ramp.",
}
DESCRIPTION_EXTRAS = (
    "A short walk to shops, cafes and transit.", "Great for commuters: a few minutes to the bus.",
    "Perfect for a day downtown or a game at the ballpark.", "Quiet street; neighbours are friendly.",
    "Street parking here is nearly impossible, so this saves a lot of circling.",
    "Monthly renters welcome.", "Easy in and out, no tandem parking.",
)
ACCESS_INSTRUCTIONS = {
    "driveway": ("Pull all the way forward; please do not block the sidewalk.",
                 "Park on the left side of the driveway, nearest the fence."),
    "garage": ("Enter the 4-digit access code on the keypad; the door closes by itself after 60 s.",
               "Use the remote in the lockbox by the door (code sent with your booking)."),
    "lot": ("Park in the space whose number is in your booking confirmation.",
            "The lot is on the right past the gate; the gate opens with your access code."),
    "covered": ("Drive down the side alley; the carport is behind the house.",
                "Park under the carport on the left; leave the right space for us."),
    "outdoor": ("Turn in at the gravel path next to the blue house.",
                "Park on the pad behind the gate; please close it after you."),
    "indoor": ("Ramp entrance on the side street; show your access code at the intercom.",
               "Take the ramp to level B1 and park in the marked guest space."),
}

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
# Operating hours in the documented shape (local time of the spot; "24:00" = midnight; a close
# before its open runs past midnight).
HOURS_PATTERNS = [
    {day: [["07:00", "19:00"]] for day in WEEKDAYS},
    {day: [["06:00", "22:00"]] for day in (*WEEKDAYS, "sat", "sun")},
    {**{day: [["00:00", "24:00"]] for day in WEEKDAYS}, "sat": [["08:00", "20:00"]]},
    {**{day: [["08:00", "18:00"]] for day in WEEKDAYS}, "sat": [["09:00", "13:00"], ["15:00", "21:00"]]},
    {day: [["18:00", "08:00"]] for day in WEEKDAYS},
    {"fri": [["17:00", "24:00"]], "sat": [["00:00", "24:00"]], "sun": [["00:00", "22:00"]]},
]

FIRST_NAMES = ("Alex", "Maria", "James", "Priya", "Wei", "Sofia", "Daniel", "Aisha", "Carlos",
               "Emily", "Hiroshi", "Fatima", "Liam", "Olivia", "Noah", "Grace", "Mateo", "Chloe",
               "Ethan", "Mei", "Diego", "Hannah", "Omar", "Zoe", "Lucas", "Isabel", "Kenji",
               "Nora", "Samuel", "Leila", "Ryan", "Ana", "Jamal", "Sarah", "Tariq", "Julia")
LAST_NAMES = ("Nguyen", "Garcia", "Smith", "Chen", "Patel", "Johnson", "Martinez", "Kim", "Lopez",
              "Brown", "Wong", "Rodriguez", "Lee", "Davis", "Hernandez", "Wilson", "Tanaka",
              "Okafor", "Miller", "Cohen", "Singh", "Anderson", "Rivera", "Murphy", "Ali",
              "Thompson", "Park", "Flores", "Clark", "Novak", "Romero", "Shah")

VEHICLES = (("Toyota", "Prius"), ("Honda", "Civic"), ("Tesla", "Model 3"), ("Ford", "F-150"),
            ("Subaru", "Outback"), ("Chevrolet", "Bolt"), ("BMW", "3 Series"), ("Hyundai", "Ioniq 5"),
            ("Nissan", "Leaf"), ("Jeep", "Wrangler"), ("Toyota", "RAV4"), ("Volkswagen", "Golf"))
COLORS = ("white", "black", "silver", "gray", "blue", "red", "green")
SPECIAL_REQUESTS = ("I may arrive 10 minutes late.", "Please text me the gate code in advance.",
                    "Dropping off a rental car.", "Visiting family nearby.", "Need the spot for a moving van.")
CANCEL_REASONS = ("Plans changed", "Found parking closer to my destination", "Trip postponed",
                  "Booked the wrong day", "Meeting was cancelled", "Car is in the shop")

REVIEW_COMMENTS = {
    "good": ("Easy to find and exactly as described.", "Great spot, super convenient. Would book again.",
             "Clear instructions, no problems at all.", "Safe and quiet, perfect for overnight.",
             "Host was responsive and the spot was spotless.", "Saved me so much time circling the block.",
             "Great value for this neighbourhood.", "Plenty of room for my SUV."),
    "ok": ("Fine for the price, a bit tight to get into.", "Okay spot; the gate code took a while to arrive.",
           "Decent, but the lighting at night could be better.", "Location is good, access is a little awkward."),
    "bad": ("Someone was parked in the spot when I arrived.", "Hard to find and the instructions were unclear.",
            "Too small for a standard car.", "Gate did not open; had to call the host twice."),
}
OWNER_RESPONSES = ("Thanks for parking with us, come back any time!", "Glad it worked out, thanks for the kind words.",
                   "Sorry about that, we have fixed the problem. Thanks for letting us know.",
                   "Thanks for the feedback; we have updated the instructions.",
                   "Appreciate the review! See you next time.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args(argv)
    print(f"San Francisco: {len(NEIGHBOURHOODS)} neighbourhoods, land area {SF_LAND.area:.4f} square degrees")
    print(f"benchmark cities: {', '.join(city.name for city in US_CITIES)}")
    print(f"spot types (weight): {', '.join(f'{name} ({weight})' for name, weight in SPOT_TYPES.items())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
