// Root navigator (seed 4.4): the auth stack until someone is signed in, then three tabs, each a
// stack of its own screens.
import { createBottomTabNavigator } from '@react-navigation/bottom-tabs';
import { NavigationContainer } from '@react-navigation/native';
import { createNativeStackNavigator } from '@react-navigation/native-stack';

import LoginScreen from '../screens/auth/LoginScreen';
import RegisterScreen from '../screens/auth/RegisterScreen';
import BookingDetailScreen from '../screens/bookings/BookingDetailScreen';
import BookingsScreen from '../screens/bookings/BookingsScreen';
import WriteReviewScreen from '../screens/bookings/WriteReviewScreen';
import HomeScreen from '../screens/home/HomeScreen';
import BookScreen from '../screens/parking/BookScreen';
import ParkingSpotDetailScreen from '../screens/parking/ParkingSpotDetailScreen';
import ChangePasswordScreen from '../screens/profile/ChangePasswordScreen';
import EditProfileScreen from '../screens/profile/EditProfileScreen';
import MySpotsScreen from '../screens/profile/MySpotsScreen';
import OwnerBookingsScreen from '../screens/profile/OwnerBookingsScreen';
import OwnerReviewsScreen from '../screens/profile/OwnerReviewsScreen';
import ProfileScreen from '../screens/profile/ProfileScreen';
import SettingsScreen from '../screens/profile/SettingsScreen';
import SpotEditorScreen from '../screens/profile/SpotEditorScreen';
import SpotScheduleScreen from '../screens/profile/SpotScheduleScreen';
import { useAuthStore } from '../stores/authStore';
import { TabIcon } from '../components/TabIcon';
import type { AuthStackParams, BookingsStackParams, HomeStackParams, MainTabParams, ProfileStackParams } from './types';

const Auth = createNativeStackNavigator<AuthStackParams>();
const HomeStack = createNativeStackNavigator<HomeStackParams>();
const BookingsStack = createNativeStackNavigator<BookingsStackParams>();
const ProfileStack = createNativeStackNavigator<ProfileStackParams>();
const Tabs = createBottomTabNavigator<MainTabParams>();

function HomeNavigator() {
  return (
    <HomeStack.Navigator>
      <HomeStack.Screen name="Home" component={HomeScreen} options={{ title: 'Find parking' }} />
      <HomeStack.Screen name="SpotDetail" component={ParkingSpotDetailScreen} options={{ title: 'Parking spot' }} />
      <HomeStack.Screen name="Book" component={BookScreen} options={{ title: 'Book' }} />
    </HomeStack.Navigator>
  );
}

function BookingsNavigator() {
  return (
    <BookingsStack.Navigator>
      <BookingsStack.Screen name="Bookings" component={BookingsScreen} options={{ title: 'My bookings' }} />
      <BookingsStack.Screen name="BookingDetail" component={BookingDetailScreen} options={{ title: 'Booking' }} />
      <BookingsStack.Screen name="WriteReview" component={WriteReviewScreen} options={{ title: 'Review' }} />
    </BookingsStack.Navigator>
  );
}

function ProfileNavigator() {
  return (
    <ProfileStack.Navigator>
      <ProfileStack.Screen name="Profile" component={ProfileScreen} options={{ title: 'Profile' }} />
      <ProfileStack.Screen name="EditProfile" component={EditProfileScreen} options={{ title: 'Edit profile' }} />
      <ProfileStack.Screen name="ChangePassword" component={ChangePasswordScreen} options={{ title: 'Password' }} />
      <ProfileStack.Screen name="MySpots" component={MySpotsScreen} options={{ title: 'My spots' }} />
      <ProfileStack.Screen name="SpotEditor" component={SpotEditorScreen} options={{ title: 'Listing' }} />
      <ProfileStack.Screen name="SpotSchedule" component={SpotScheduleScreen} options={{ title: 'Hours and blackouts' }} />
      <ProfileStack.Screen name="OwnerBookings" component={OwnerBookingsScreen} options={{ title: 'Bookings of my spots' }} />
      <ProfileStack.Screen name="OwnerReviews" component={OwnerReviewsScreen} options={{ title: 'Reviews' }} />
      <ProfileStack.Screen name="Settings" component={SettingsScreen} options={{ title: 'Settings' }} />
    </ProfileStack.Navigator>
  );
}

function MainTabs() {
  return (
    <Tabs.Navigator screenOptions={{ headerShown: false }}>
      <Tabs.Screen name="HomeTab" component={HomeNavigator}
        options={{ title: 'Find', tabBarButtonTestID: 'tab-home', tabBarIcon: TabIcon('◉') }} />
      <Tabs.Screen name="BookingsTab" component={BookingsNavigator}
        options={{ title: 'Bookings', tabBarButtonTestID: 'tab-bookings', tabBarIcon: TabIcon('▤') }} />
      <Tabs.Screen name="ProfileTab" component={ProfileNavigator}
        options={{ title: 'Profile', tabBarButtonTestID: 'tab-profile', tabBarIcon: TabIcon('☺') }} />
    </Tabs.Navigator>
  );
}

export default function AppNavigator() {
  const isAuthenticated = useAuthStore((state) => state.isAuthenticated);
  return (
    <NavigationContainer>
      {isAuthenticated ? (
        <MainTabs />
      ) : (
        <Auth.Navigator>
          <Auth.Screen name="Login" component={LoginScreen} options={{ title: 'Sign in' }} />
          <Auth.Screen name="Register" component={RegisterScreen} options={{ title: 'Register' }} />
        </Auth.Navigator>
      )}
    </NavigationContainer>
  );
}
