// Every screen and its parameters (seed 4.4). A screen reads its params with the matching
// ScreenProps<'Name'> type.
import type { BottomTabScreenProps } from '@react-navigation/bottom-tabs';
import type { CompositeScreenProps, NavigatorScreenParams } from '@react-navigation/native';
import type { NativeStackScreenProps } from '@react-navigation/native-stack';

export type AuthStackParams = {
  Login: undefined;
  Register: undefined;
};

export type HomeStackParams = {
  Home: undefined; // the map (and list) of spots around the user, with the search filters
  SpotDetail: { spotId: string };
  Book: { spotId: string; start?: string; end?: string }; // pick a window, live quote, book, pay
};

export type BookingsStackParams = {
  Bookings: undefined; // upcoming / past
  BookingDetail: { bookingId: string };
  WriteReview: { bookingId: string; spotId: string };
};

export type ProfileStackParams = {
  Profile: undefined;
  EditProfile: undefined;
  ChangePassword: undefined;
  MySpots: undefined;
  SpotEditor: { spotId?: string }; // create (no id) or edit a listing
  SpotSchedule: { spotId: string }; // opening hours and blackouts
  OwnerBookings: undefined;
  OwnerReviews: undefined;
  Settings: undefined;
};

export type MainTabParams = {
  HomeTab: NavigatorScreenParams<HomeStackParams>;
  BookingsTab: NavigatorScreenParams<BookingsStackParams>;
  ProfileTab: NavigatorScreenParams<ProfileStackParams>;
};

export type AuthScreenProps<N extends keyof AuthStackParams> = NativeStackScreenProps<AuthStackParams, N>;

type InTab<S extends Record<string, object | undefined>, N extends keyof S & string, T extends keyof MainTabParams> =
  CompositeScreenProps<NativeStackScreenProps<S, N>, BottomTabScreenProps<MainTabParams, T>>;

export type HomeScreenProps<N extends keyof HomeStackParams> = InTab<HomeStackParams, N, 'HomeTab'>;
export type BookingsScreenProps<N extends keyof BookingsStackParams> = InTab<BookingsStackParams, N, 'BookingsTab'>;
export type ProfileScreenProps<N extends keyof ProfileStackParams> = InTab<ProfileStackParams, N, 'ProfileTab'>;
